/**
 * Validates the `next` / `returnTo` path a form or link carries, so a login link
 * cannot be turned into an open redirect. Every redirect whose target comes from a
 * request goes through safeNextPath (the login and sign-up pages, their actions,
 * members' form actions, next-auth's callbackUrl).
 *
 * The check runs on the path as the browser will resolve it, not as it was sent:
 * "/.//evil.example", "/%2e//evil.example" and "/a/..//evil.example" all normalise
 * to "//evil.example", which a browser reads as another host. Encoded slashes and
 * backslashes ("/%2f%2fevil.example", "/%5cevil.example") are decoded and checked
 * too, in case a proxy or the app decodes them before routing.
 */

const MAX_NEXT_LENGTH = 2000;
const BASE = "http://readahead.invalid";
// Percent-decoding rounds: "%252F" is "%2F" after one and "/" after two. A path that
// still changes after this many rounds is refused rather than trusted.
const MAX_DECODE_ROUNDS = 3;
// Browsers strip tabs/newlines from URLs (which can turn "/\t/evil" into "//evil")
// and read a backslash as a slash in http URLs.
const UNSAFE_CHARS = /[\u0000-\u001f\u007f\\]/;

/** Whether an absolute path, once its dot segments are resolved, stays on our host. */
function staysOnSite(path: string): boolean {
  if (UNSAFE_CHARS.test(path)) return false;
  // One leading slash only: "//host" and "/\host" are protocol-relative in browsers.
  if (!path.startsWith("/") || path.startsWith("//")) return false;
  let resolved: URL;
  try {
    resolved = new URL(path, BASE);
  } catch {
    return false;
  }
  return resolved.origin === BASE && !resolved.pathname.startsWith("//");
}

/** Returns `next`, normalised, when it is a same-site absolute path, else `fallback`. */
export function safeNextPath(next: unknown, fallback = "/"): string {
  if (typeof next !== "string" || next.length === 0 || next.length > MAX_NEXT_LENGTH) return fallback;
  if (!staysOnSite(next)) return fallback;
  const url = new URL(next, BASE);
  const normalised = url.pathname + url.search + url.hash;
  // The normalised path itself, then its decoded forms, must each stay on the site.
  let path = url.pathname;
  for (let round = 0; ; round++) {
    if (!staysOnSite(path)) return fallback;
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return fallback; // malformed percent-encoding: cannot be checked, so not followed
    }
    if (decoded === path) return normalised;
    if (round === MAX_DECODE_ROUNDS) return fallback;
    path = decoded;
  }
}

/**
 * An absolute redirect target on `baseUrl` (no trailing slash) for next-auth's
 * redirect callback: `url` is a path or a URL on baseUrl, checked like safeNextPath.
 */
export function safeRedirectUrl(url: string, baseUrl: string): string {
  const path = url === baseUrl ? "/" : url.startsWith(`${baseUrl}/`) ? url.slice(baseUrl.length) : url;
  return baseUrl + safeNextPath(path);
}

/** The login URL that brings the visitor back to `returnTo` afterwards. */
export function loginUrl(returnTo: string): string {
  return `/login?next=${encodeURIComponent(safeNextPath(returnTo))}`;
}
