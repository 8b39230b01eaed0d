/**
 * Validates the `next` / `returnTo` path a form carries, so a login link cannot be
 * turned into an open redirect (`//evil.example`, `https://evil.example`,
 * `/\evil.example`, control characters).
 */

const MAX_NEXT_LENGTH = 2000;

/** Returns `next` when it is a same-site absolute path, else `fallback`. */
export function safeNextPath(next: unknown, fallback = "/"): string {
  if (typeof next !== "string" || next.length === 0 || next.length > MAX_NEXT_LENGTH) return fallback;
  // One leading slash only: "//host" and "/\host" are protocol-relative in browsers.
  if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  // Browsers strip tabs/newlines from URLs, which can turn "/\t/evil" into "//evil".
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return fallback;
  // Resolve against a dummy origin: anything that leaves it is not a path of ours.
  try {
    const url = new URL(next, "http://readahead.invalid");
    if (url.origin !== "http://readahead.invalid") return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}

/** The login URL that brings the visitor back to `returnTo` afterwards. */
export function loginUrl(returnTo: string): string {
  return `/login?next=${encodeURIComponent(safeNextPath(returnTo))}`;
}
