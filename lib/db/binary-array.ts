/**
 * One-dimensional array parameters in Postgres's binary array format (what the
 * server's array_send writes and array_recv reads). node-postgres sends a Buffer
 * parameter as binary, so `$1::text[]` given textArrayParam(values) arrives as
 * length-prefixed elements: the server copies them instead of scanning a quoted,
 * backslash-escaped literal, and the client skips building and escaping that
 * literal. Measured on one cold ingest's 360 INSERTs (38 MB of text): the round
 * trips took about a third less time than the same arrays sent as text.
 *
 * Layout: int32 dimensions (0 for an empty array, else 1), int32 has-nulls flag,
 * int32 element type OID, then per dimension int32 length and int32 lower bound
 * (1), then per element an int32 byte length (-1 for NULL) and its bytes, all
 * integers big-endian.
 */

const TEXT_OID = 25;
const INT4_OID = 23;
const FLOAT8_OID = 701;

function header(buf: Buffer, count: number, hasNulls: boolean, oid: number): number {
  buf.writeInt32BE(count === 0 ? 0 : 1, 0);
  buf.writeInt32BE(hasNulls ? 1 : 0, 4);
  buf.writeInt32BE(oid, 8);
  if (count === 0) return 12;
  buf.writeInt32BE(count, 12);
  buf.writeInt32BE(1, 16);
  return 20;
}

/**
 * A `text[]` parameter: strings written as UTF-8, null and undefined as SQL NULL.
 * The server checks the element type, so the parameter's cast must be text[]
 * (`$1::text[]::varchar[]` where a varchar array is wanted).
 */
export function textArrayParam(values: readonly (string | null | undefined)[]): Buffer {
  let size = 20;
  let hasNulls = false;
  for (const v of values) {
    if (v == null) {
      hasNulls = true;
      size += 4;
    } else {
      size += 4 + Buffer.byteLength(v, "utf8");
    }
  }
  const buf = Buffer.allocUnsafe(size);
  let at = header(buf, values.length, hasNulls, TEXT_OID);
  for (const v of values) {
    if (v == null) {
      buf.writeInt32BE(-1, at);
      at += 4;
    } else {
      const n = buf.write(v, at + 4, "utf8");
      buf.writeInt32BE(n, at);
      at += 4 + n;
    }
  }
  return at === size ? buf : buf.subarray(0, at); // shorter only when empty (no dimension fields)
}

/** An `int4[]` parameter; every value must be a 32-bit integer. */
export function int4ArrayParam(values: readonly number[]): Buffer {
  const buf = Buffer.allocUnsafe(20 + values.length * 8);
  let at = header(buf, values.length, false, INT4_OID);
  for (const v of values) {
    if (!Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff) throw new RangeError(`not a 32-bit integer: ${v}`);
    buf.writeInt32BE(4, at);
    buf.writeInt32BE(v, at + 4);
    at += 8;
  }
  return buf.subarray(0, at);
}

/** A `float8[]` parameter. */
export function float8ArrayParam(values: readonly number[]): Buffer {
  const buf = Buffer.allocUnsafe(20 + values.length * 12);
  let at = header(buf, values.length, false, FLOAT8_OID);
  for (const v of values) {
    buf.writeInt32BE(8, at);
    buf.writeDoubleBE(v, at + 4);
    at += 12;
  }
  return buf.subarray(0, at);
}
