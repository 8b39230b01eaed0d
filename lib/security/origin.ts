/**
 * Cross-site request checks for server actions and mutating route handlers.
 *
 * Next's own server-action check compares Origin with Host but lets a request with
 * no Origin through; ours also refuses a missing Origin when the browser says the
 * request is cross-site (Sec-Fetch-Site), and accepts the configured PUBLIC_URL
 * host for deployments behind a proxy that rewrites Host.
 */
import { publicUrl } from "../env";

/** Thrown when a mutating request comes from another site; callers change nothing. */
export class CrossSiteRequestError extends Error {
  override name = "CrossSiteRequestError";
}

type HeaderReader = { get(name: string): string | null };

function hostOf(url: string): string | null {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}

/** Whether the request's headers show it came from this site (or from a non-browser client with no Origin). */
export function isSameSiteRequest(headers: HeaderReader, publicHost: string | null = hostOf(publicUrl())): boolean {
  const origin = headers.get("origin");
  if (origin === null) {
    // Browsers send Origin on every cross-origin POST; without it, trust only what the
    // browser tells us about the initiator (absent for curl, which carries no ambient cookies).
    const site = headers.get("sec-fetch-site");
    return site === null || site === "same-origin" || site === "none";
  }
  const originHost = origin === "null" ? null : hostOf(origin);
  if (!originHost) return false;
  const allowed = new Set<string>();
  const forwarded = headers.get("x-forwarded-host")?.split(",")[0]?.trim().toLowerCase();
  const host = headers.get("host")?.trim().toLowerCase();
  if (forwarded) allowed.add(forwarded);
  if (host) allowed.add(host);
  if (publicHost) allowed.add(publicHost);
  return allowed.has(originHost);
}

/** Throws CrossSiteRequestError unless the request is same-site. */
export function assertSameSite(headers: HeaderReader): void {
  if (!isSameSiteRequest(headers)) throw new CrossSiteRequestError("cross-site request refused");
}
