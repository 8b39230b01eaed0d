import { describe, expect, it } from "vitest";
import { canonicalCursor, decodeCursor, encodeCursor, type CursorKind } from "../../lib/articles/cursor";

/** A cursor in the wire format holding whatever values a forger chose. */
const forged = (parts: unknown) => Buffer.from(JSON.stringify(parts), "utf8").toString("base64url");
const when = new Date("2026-11-29T10:11:12.345Z");
const HOT: CursorKind[] = ["float", "int"];
const NEW: CursorKind[] = ["date", "int"];
const TOP: CursorKind[] = ["int", "date", "int"];

describe("keyset cursors", () => {
  it("round-trips dates and numbers, including float ranks exactly", () => {
    const parts = [0.028740123456789123, when, 123456];
    const raw = encodeCursor(parts);
    expect(raw).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(raw, ["float", "date", "int"])).toEqual(parts);
  });

  it.each<[string, string | undefined, CursorKind[]]>([
    ["missing", undefined, HOT],
    ["empty", "", HOT],
    ["not base64url", "%%%", HOT],
    ["not JSON", Buffer.from("nope").toString("base64url"), HOT],
    ["not an array", forged({ 0: 1, 1: 2 }), HOT],
    ["wrong arity", encodeCursor([1]), HOT],
    ["string where a number belongs", forged(["x", 1]), HOT],
    ["numeric string where a number belongs", forged(["0.5", 1]), HOT],
    ["null where a number belongs", forged([null, 1]), HOT],
    ["too long", "A".repeat(500), HOT],
    // Numbers PostgreSQL's int columns cannot hold fail in SQL: refused here instead.
    ["id past the int range", encodeCursor([0.5, 2 ** 31]), HOT],
    ["id below the int range", encodeCursor([0.5, -(2 ** 31) - 1]), HOT],
    ["id far past the int range", encodeCursor([0.5, 99_999_999_999]), HOT],
    ["id that is not whole", encodeCursor([0.5, 1.5]), HOT],
    ["id in exponent notation past the range", forged([0.5, 1e300]), HOT],
    ["score past the int range", encodeCursor([2 ** 40, when, 1]), TOP],
    ["bad date", forged(["not a date", 1]), NEW],
    ["date as a number", forged([1_700_000_000_000, 1]), NEW],
    ["date outside PostgreSQL's range", forged(["-100000-01-01T00:00:00.000Z", 1]), NEW],
    ["date in year 275760", forged(["+275760-09-13T00:00:00.000Z", 1]), NEW],
    ["date in year 0", forged(["0000-01-01T00:00:00.000Z", 1]), NEW],
    ["date past year 9999", forged(["+010000-01-01T00:00:00.000Z", 1]), NEW],
  ])("rejects a cursor with %s", (_what, raw, kinds) => {
    expect(decodeCursor(raw, kinds)).toBeNull();
  });

  it.each<[string, unknown[], CursorKind[]]>([
    ["the int range's ends", [-(2 ** 31), 2 ** 31 - 1], ["int", "int"]],
    ["a negative float rank", [-12.75, 1], HOT],
    ["the first and last dates PostgreSQL and JavaScript agree on", ["0001-01-01T00:00:00.000Z", 1], NEW],
    ["year 9999", ["9999-12-31T23:59:59.999Z", 1], NEW],
  ])("accepts %s", (_what, parts, kinds) => {
    expect(decodeCursor(forged(parts), kinds)).not.toBeNull();
  });
});

describe("canonicalCursor", () => {
  it.each<[string, string | undefined, CursorKind[], string | null | undefined]>([
    ["no cursor is the first page", undefined, HOT, undefined],
    ["an empty cursor is the first page", "", HOT, undefined],
    ["a cursor it made comes back as it is", encodeCursor([0.5, 7]), HOT, encodeCursor([0.5, 7])],
    ["the same values written differently come back one way", forged([0.5, 7.0]).replace(/=+$/, ""), HOT, encodeCursor([0.5, 7])],
    ["a spaced-out JSON cursor comes back one way", Buffer.from("[ 0.5 , 7 ]").toString("base64url"), HOT, encodeCursor([0.5, 7])],
    ["a date written with an offset comes back in UTC", forged(["2026-11-29T11:11:12.345+01:00", 3]), NEW, encodeCursor([when, 3])],
    ["an unreadable cursor is refused", "junk", HOT, null],
    ["an out-of-range cursor is refused", encodeCursor([0.5, 2 ** 31]), HOT, null],
  ])("%s", (_what, raw, kinds, expected) => {
    expect(canonicalCursor(raw, kinds)).toBe(expected);
  });
});
