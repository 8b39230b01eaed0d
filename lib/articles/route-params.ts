/**
 * The reading pages' path parameters, checked before they reach a query or a
 * cache key: a value no row can have is a 404 at once, never a database error
 * (a 500) and never a data-cache entry of its own. Pure, unit tested.
 */

/** The largest id a PostgreSQL int column holds. */
const INT4_MAX = 2_147_483_647;
/** Tags are stored trimmed, lower-cased, whitespace collapsed, at most this long (lib/feeds/normalize.ts). */
const MAX_TAG_CHARS = 100;
/** Source slugs are slugify()'s output plus a "-N" suffix for a taken one (lib/sources/service.ts). */
const SOURCE_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/;
// C0/C1 controls (PostgreSQL text cannot hold NUL at all) and lone surrogates.
const UNSTORABLE = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A percent-encoded path segment decoded, or null when it is not valid percent-encoded UTF-8. */
export function decodeSegment(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** An article id from the path (/a/<id>), or null unless it is a positive int4 written plainly. */
export function parseArticleId(raw: string): number | null {
  if (!/^[1-9][0-9]{0,9}$/.test(raw)) return null;
  const id = Number(raw);
  return id <= INT4_MAX ? id : null;
}

/** Whether `tag` is spelled as stored tags are; any other spelling cannot be on an article. */
export function isStorableTag(tag: string): boolean {
  if (tag.length === 0 || tag.length > MAX_TAG_CHARS || UNSTORABLE.test(tag)) return false;
  return tag === tag.replace(/\s+/g, " ").trim().toLowerCase();
}

/** A tag from the path (/t/<tag>, percent-encoded), or null when no stored tag can be spelled so. */
export function parseTagParam(raw: string): string | null {
  const tag = decodeSegment(raw);
  return tag !== null && isStorableTag(tag) ? tag : null;
}

/** A source slug from the path (/s/<slug>), or null when slugify() cannot have made it. */
export function parseSourceSlug(raw: string): string | null {
  return SOURCE_SLUG.test(raw) ? raw : null;
}
