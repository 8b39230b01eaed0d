/**
 * Keyset pagination cursors: the sort key of the last row shown, opaque to the
 * reader (base64url JSON). Keyset rather than OFFSET so that articles arriving
 * while someone pages never make a row repeat or vanish between pages.
 */

/** One part of a sort key: a number (rank, score, id) or a date (publishedAt). */
export type CursorPart = number | Date;
export type CursorKind = "number" | "date";

const MAX_CURSOR_CHARS = 200;

/** Encodes a sort key as an opaque URL-safe string. */
export function encodeCursor(parts: CursorPart[]): string {
  const plain = parts.map((p) => (p instanceof Date ? p.toISOString() : p));
  return Buffer.from(JSON.stringify(plain), "utf8").toString("base64url");
}

/**
 * Decodes a cursor made by encodeCursor, checking it has the expected shape.
 * Returns null for anything else (a mangled or hand-edited link): the caller
 * tells the reader and shows the first page rather than guessing.
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
    const v: unknown = value[i];
    if (kinds[i] === "number") {
      if (typeof v !== "number" || !Number.isFinite(v)) return null;
      out.push(v);
    } else {
      if (typeof v !== "string" || v.length > 40) return null;
      const d = new Date(v);
      if (Number.isNaN(d.getTime())) return null;
      out.push(d);
    }
  }
  return out;
}
