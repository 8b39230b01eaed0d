/**
 * The console's OPML upload cap, shared by the action, the form and proxy.ts (which
 * must not import server-only code). Next refuses any server-action body over 1 MB
 * (serverActions.bodySizeLimit's default) with a generic error page: the cap leaves
 * room under it for the multipart envelope, and bodies over it are refused earlier
 * with OPML_TOO_LARGE_MESSAGE instead.
 */

/** The largest OPML file the console accepts, in bytes. */
export const OPML_UPLOAD_MAX_BYTES = 1024 * 1024 - 16 * 1024;

/** A whole request body (file plus form fields) past which proxy.ts turns the post back, in bytes. */
export const OPML_UPLOAD_MAX_BODY_BYTES = 1024 * 1024;

/** The page the upload form posts to. */
export const OPML_UPLOAD_PATH = "/admin/sources/opml";

export const OPML_TOO_LARGE_MESSAGE = "That file is larger than 1 MB, so nothing was read or imported: import it with `npm run -s readahead -- opml import FILE` (up to 5 MB).";
