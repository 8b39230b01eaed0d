import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "../../lib/articles/cursor";

describe("keyset cursors", () => {
  it("round-trips dates and numbers, including float ranks exactly", () => {
    const parts = [0.028740123456789123, new Date("2026-11-29T10:11:12.345Z"), 123456];
    const raw = encodeCursor(parts);
    expect(raw).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(raw, ["number", "date", "number"])).toEqual(parts);
  });

  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["not base64url", "%%%"],
    ["not JSON", Buffer.from("nope").toString("base64url")],
    ["wrong arity", encodeCursor([1])],
    ["string where number expected", Buffer.from(JSON.stringify(["x", 1])).toString("base64url")],
    ["bad date", Buffer.from(JSON.stringify(["not a date", 1])).toString("base64url")],
    ["too long", "A".repeat(500)],
  ])("rejects a %s cursor", (_what, raw) => {
    const kinds = _what === "bad date" ? (["date", "number"] as const) : (["number", "number"] as const);
    expect(decodeCursor(raw, [...kinds])).toBeNull();
  });
});
