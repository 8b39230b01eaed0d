/**
 * The page the web server answers with, as 503, when a request failed because the
 * database is unreachable (scripts/web-server.ts). It is built here rather than
 * rendered by Next because Next cannot render it then: the layout and every page may
 * need the database, and what Next sends for a failed render is an empty shell that
 * only a script fills in. So it is plain HTML with the site's header and colours
 * inline, no script, and a policy that allows exactly its one stylesheet.
 */
import { createHash } from "node:crypto";

/** What Retry-After says, in seconds: a restart of Postgres takes a few. */
export const UNAVAILABLE_RETRY_AFTER_S = 5;

// Tailwind's neutral and emerald shades that the layout uses (app/globals.css, components/site-header.tsx).
const CSS = `
:root{color-scheme:light dark}
body{margin:0;background:#fff;color:#171717;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header{border-bottom:1px solid #e5e5e5}
.bar,main{max-width:48rem;margin:0 auto;padding:0.75rem 1rem}
.bar{display:flex;flex-wrap:wrap;gap:0.5rem 1rem;align-items:center;font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"Liberation Mono",monospace;font-size:0.875rem}
.brand{font-size:1rem;font-weight:700;color:inherit;text-decoration:none}
.brand span{color:#047857}
nav{display:flex;gap:0.75rem}
nav a{color:#525252;text-decoration:none}
nav a:hover{text-decoration:underline}
main{padding-top:1.5rem;font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"Liberation Mono",monospace;font-size:0.875rem}
h1{font-size:1.125rem;margin:0}
p{color:#404040;line-height:1.5}
main a{color:#065f46}
@media (prefers-color-scheme:dark){
body{background:#0a0a0a;color:#f5f5f5}
header{border-color:#262626}
.brand span{color:#34d399}
nav a{color:#a3a3a3}
p{color:#d4d4d4}
main a{color:#6ee7b7}
}`;

const BODY = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>temporarily unavailable · readahead</title>
<style>${CSS}</style>
</head>
<body>
<header><div class="bar">
<a class="brand" href="/" aria-label="readahead, front page"><span>$</span> readahead_</a>
<nav aria-label="Main"><a href="/">hot</a><a href="/new">new</a><a href="/top">top</a><a href="/sources">sources</a><a href="/search">search</a></nav>
</div></header>
<main id="main" role="alert">
<h1>// temporarily unavailable</h1>
<p>The database is unreachable, try again shortly. readahead is waiting for it and will serve this page again by itself as soon as it answers; nothing you did was lost.</p>
<p><a href="">try again</a></p>
</main>
</body>
</html>
`;

const STYLE_HASH = createHash("sha256").update(CSS).digest("base64");

/** The 503 answer's headers and body (no body for HEAD). */
export function unavailableResponse(isHead: boolean): { headers: Record<string, string>; body: string } {
  return {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Length": String(isHead ? 0 : Buffer.byteLength(BODY)),
      "Retry-After": String(UNAVAILABLE_RETRY_AFTER_S),
      "Cache-Control": "no-store",
      "Content-Security-Policy": `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
    },
    body: isHead ? "" : BODY,
  };
}
