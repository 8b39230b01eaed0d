import { describe, expect, it } from "vitest";
import { float8ArrayParam, int4ArrayParam, textArrayParam } from "../../lib/db/binary-array";

/** Reads back the binary array layout the encoder writes (Postgres's array_send format, one dimension). */
function decode(buf: Buffer): { ndim: number; hasNulls: number; oid: number; length?: number; lbound?: number; elements: (Buffer | null)[] } {
  const ndim = buf.readInt32BE(0);
  const hasNulls = buf.readInt32BE(4);
  const oid = buf.readInt32BE(8);
  if (ndim === 0) {
    expect(buf.length).toBe(12);
    return { ndim, hasNulls, oid, elements: [] };
  }
  const length = buf.readInt32BE(12);
  const lbound = buf.readInt32BE(16);
  const elements: (Buffer | null)[] = [];
  let at = 20;
  for (let i = 0; i < length; i++) {
    const n = buf.readInt32BE(at);
    at += 4;
    if (n === -1) elements.push(null);
    else {
      elements.push(buf.subarray(at, at + n));
      at += n;
    }
  }
  expect(at).toBe(buf.length); // no trailing bytes
  return { ndim, hasNulls, oid, length, lbound, elements };
}

describe("binary array parameters", () => {
  it("writes text elements as length-prefixed UTF-8, in order, with the text OID", () => {
    const values = ['plain', 'quote " and \\ backslash', "{a,b}", "NULL", "", "日本語", "🦊"];
    const d = decode(textArrayParam(values));
    expect(d).toMatchObject({ ndim: 1, hasNulls: 0, oid: 25, length: values.length, lbound: 1 });
    expect(d.elements.map((e) => e!.toString("utf8"))).toEqual(values);
    expect(d.elements[5]!.length).toBe(9); // three CJK characters, three bytes each
  });

  it("marks NULLs with length -1 and sets the has-nulls flag", () => {
    const d = decode(textArrayParam(["a", null, undefined, "b"]));
    expect(d.hasNulls).toBe(1);
    expect(d.elements.map((e) => (e === null ? null : e.toString()))).toEqual(["a", null, null, "b"]);
  });

  it("writes an empty array with no dimensions", () => {
    for (const buf of [textArrayParam([]), int4ArrayParam([]), float8ArrayParam([])]) {
      expect(decode(buf)).toMatchObject({ ndim: 0, elements: [] });
    }
    expect(decode(int4ArrayParam([])).oid).toBe(23);
    expect(decode(float8ArrayParam([])).oid).toBe(701);
  });

  it("writes int4 and float8 elements big-endian", () => {
    const ints = decode(int4ArrayParam([0, -1, 2147483647, -2147483648]));
    expect(ints.oid).toBe(23);
    expect(ints.elements.map((e) => e!.readInt32BE(0))).toEqual([0, -1, 2147483647, -2147483648]);
    const floats = decode(float8ArrayParam([1.5, -0.25, 1e300, Number.MIN_VALUE]));
    expect(floats.oid).toBe(701);
    expect(floats.elements.map((e) => e!.readDoubleBE(0))).toEqual([1.5, -0.25, 1e300, Number.MIN_VALUE]);
  });

  it("refuses an int4 that is not a 32-bit integer instead of wrapping it", () => {
    expect(() => int4ArrayParam([2147483648])).toThrow(RangeError);
    expect(() => int4ArrayParam([1.5])).toThrow(/not a 32-bit integer/);
    expect(() => int4ArrayParam([Number.NaN])).toThrow(RangeError);
  });
});
