/**
 * Paths Next's router cannot decode. A segment that is not percent-encoded UTF-8
 * (`/u/%E0%A4%A`) makes Next throw before any code of ours runs and answer a bare
 * 500, so the web server (scripts/web-server.ts) checks every request path first and
 * hands these to the site's 400 page instead (app/bad-request).
 */

/** Where the web server sends a request whose path is malformed. */
export const BAD_REQUEST_PATH = "/bad-request";
/**
 * Set by the web server on the requests it sends to BAD_REQUEST_PATH (a client's
 * copy is deleted first), so the page answers 404 to anyone who opens it directly.
 */
export const BAD_REQUEST_HEADER = "x-readahead-bad-request";

/** Whether every segment of the path part of `url` (a request target) decodes as UTF-8. */
export function isDecodablePath(url: string): boolean {
  const end = url.search(/[?#]/);
  const path = end === -1 ? url : url.slice(0, end);
  if (!path.includes("%")) return true;
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}
