import { describe, expect, it } from "vitest";
import { readingMinutes } from "../../../lib/feeds/reading-time";
import { makeExcerpt } from "../../../lib/feeds/excerpt";

describe("readingMinutes", () => {
  it.each([
    ["", 1],
    ["one two three", 1],
    ["word ".repeat(265 * 4), 4],
    ["word ".repeat(265 * 10 + 100), 10],
    ["字".repeat(500 * 3), 3], // CJK by characters, ~500 a minute
    ["字".repeat(500) + " word".repeat(265), 2], // mixed scripts add up
    ["— … ! ?", 1], // punctuation is not words
  ])("%#: %s chars -> %i min", (text, want) => {
    expect(readingMinutes(text)).toBe(want);
  });
});

describe("makeExcerpt", () => {
  it("keeps short text whole, whitespace collapsed", () => {
    expect(makeExcerpt("  a\n\n b  ")).toBe("a b");
  });

  it("cuts at a word boundary with an ellipsis, at most 500 characters", () => {
    const text = "lorem ipsum ".repeat(100);
    const out = makeExcerpt(text);
    expect(out.length).toBeLessThanOrEqual(500);
    expect(out.endsWith("…")).toBe(true);
    expect(out.slice(0, -1)).toMatch(/(lorem|ipsum)$/);
  });

  it("cuts mid-word only when there is no space to cut at (CJK, a giant token)", () => {
    const out = makeExcerpt("字".repeat(800));
    expect(out.length).toBe(500);
    expect(out.endsWith("…")).toBe(true);
  });

  it.each([[10, "abc def ghi jkl", "abc def…"]])("max %i: %s -> %s", (max, text, want) => {
    expect(makeExcerpt(text, max)).toBe(want);
  });
});
