/**
 * The security headers proxy.ts puts on every response it sees: a
 * Content-Security-Policy and, when the site is served over https,
 * Strict-Transport-Security. X-Content-Type-Options and Referrer-Policy do not vary,
 * so next.config.js sets them on every path, static files included. Pure
 * functions, unit tested.
 *
 * Pages get a nonce-based policy: Next reads the nonce from the request's
 * Content-Security-Policy header (proxy.ts sets it there too) and puts it on every
 * script it writes, and app/layout.tsx reads it (NONCE_HEADER) for the theme
 * script. Every page is rendered per request (the root layout reads the session),
 * so every page can carry its own nonce.
 */

/** Request header that hands the page's nonce to server components. */
export const NONCE_HEADER = "x-nonce";

/** A fresh nonce: 128 random bits, base64 (CSP's nonce-source alphabet). */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export interface PolicyContext {
  /** `next dev`: React rebuilds server error stacks with eval and injects styles. */
  isDev: boolean;
  /** PUBLIC_URL is https: plain-http subresources are upgraded rather than blocked. */
  isHttps: boolean;
}

/**
 * The policy for our HTML pages. Scripts: only those carrying this response's
 * nonce, and what they load ('strict-dynamic': the chunks Next's runtime adds);
 * 'self' is the fallback for browsers without 'strict-dynamic'. No
 * 'unsafe-inline', so inline event handlers never run. Images: publishers' lead
 * images come from any https host, data: URLs are our own inline SVGs.
 */
export function pageContentSecurityPolicy(nonce: string, ctx: PolicyContext): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${ctx.isDev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' ${ctx.isDev ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "img-src 'self' data: https:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (ctx.isHttps) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/**
 * The policy for route handlers' answers (JSON, RSS, next-auth's own pages). They
 * run no script of ours; next-auth's sign-in page has an inline stylesheet and a
 * form whose POST redirects to GitHub, and Chromium checks form-action against
 * that redirect too, so GitHub sign-in needs github.com there.
 */
export function routeHandlerContentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    "img-src 'self' data: https:",
    "form-action 'self' https://github.com",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join("; ");
}

/**
 * Strict-Transport-Security for a site whose public address is `publicUrl`, or
 * null when it is not https (an HSTS header over http is ignored, and a
 * localhost install must stay reachable over http). No includeSubDomains: the
 * site may share its parent domain with hosts that are not https.
 */
export function strictTransportSecurity(publicUrl: string): string | null {
  return publicUrl.startsWith("https://") ? "max-age=31536000" : null;
}

/** Documents for machine readers served by route handlers (app/agent.md, app/llms.txt). */
const MACHINE_DOCUMENTS = new Set(["/agent.md", "/llms.txt"]);

/** Whether a path is answered by a route handler rather than a page (see app/). */
export function isRouteHandlerPath(pathname: string): boolean {
  return pathname.startsWith("/api/") || pathname.endsWith(".xml") || MACHINE_DOCUMENTS.has(pathname);
}
