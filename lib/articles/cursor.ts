/**
 * Keyset pagination cursors: the sort key of the last row shown, opaque to the
 * reader (base64url JSON). Keyset rather than OFFSET so that articles arriving
 * while someone pages never make a row repeat or vanish between pages.
 */

/** One part of a sort key: a number (rank, score, id) or a date (publishedAt). */
export type CursorPart = number | Date;
/**
 * What a part must be, checked against the column it is compared with in SQL:
 * "float" a finite float8 (hotRank), "int" a whole number in PostgreSQL's int4
 * range (ids, score), "date" a UTC instant in years 1–9999 (timestamp columns hold
 * more, but a JS date outside these years does not round-trip through toISOString
 * and PostgreSQL's parser). Anything else would fail in SQL: a 500 for a forged link.
 */
export type CursorKind = "float" | "int" | "date";

const MAX_CURSOR_CHARS = 200;
const INT4_MIN = -2_147_483_648;
const INT4_MAX = 2_147_483_647;
const FIRST_DATE_MS = Date.parse("0001-01-01T00:00:00.000Z");
const LAST_DATE_MS = Date.parse("9999-12-31T23:59:59.999Z");

/** Encodes a sort key as an opaque URL-safe string. */
export function encodeCursor(parts: CursorPart[]): string {
  const plain = parts.map((p) => (p instanceof Date ? p.toISOString() : p));
  return Buffer.from(JSON.stringify(plain), "utf8").toString("base64url");
}

function readPart(v: unknown, kind: CursorKind): CursorPart | null {
  if (kind === "date") {
    if (typeof v !== "string" || v.length > 40) return null;
    const d = new Date(v);
    const t = d.getTime();
    return Number.isNaN(t) || t < FIRST_DATE_MS || t > LAST_DATE_MS ? null : d;
  }
  if (typeof v !== "number" || !Number.isFinite(v)) return null;
  if (kind === "int" && (!Number.isInteger(v) || v < INT4_MIN || v > INT4_MAX)) return null;
  return v;
}

/**
 * Decodes a cursor made by encodeCursor, checking it has the expected shape and
 * that every part fits its column. Returns null for anything else (a mangled or
 * hand-edited link).
 */
export function decodeCursor(raw: string | undefined | null, kinds: CursorKind[]): CursorPart[] | null {
  if (!raw || raw.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(raw)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== kinds.length) return null;
  const out: CursorPart[] = [];
  for (let i = 0; i < kinds.length; i++) {
    const part = readPart(value[i], kinds[i]!);
    if (part === null) return null;
    out.push(part);
  }
  return out;
}

/**
 * The one spelling of a page link's cursor, for cache keys: undefined for the first
 * page (no cursor), null for a cursor that cannot be read (the page answers 404),
 * else the decoded values encoded again, so equal keys never make two cache entries
 * and a forged string never becomes one.
 */
export function canonicalCursor(raw: string | undefined, kinds: CursorKind[]): string | undefined | null {
  if (!raw) return undefined;
  const parts = decodeCursor(raw, kinds);
  return parts && encodeCursor(parts);
}
