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

// The single-pass readingMinutes and windowed makeExcerpt must agree exactly with the
// plain regex definitions they replaced: both feed the content hash, so any drift
// would make every stored article look changed on its next poll.
const CJK_RE = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/gu;
function readingMinutesByRegex(text: string): number {
  const cjk = text.match(CJK_RE)?.length ?? 0;
  const rest = cjk ? text.replace(CJK_RE, " ") : text;
  const words = rest.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  return Math.max(1, Math.round(words / 265 + cjk / 500));
}
function excerptByRegex(text: string, max = 500): string {
  const t = text.replace(/\s+/g, " ").trim();
  if (t.length <= max) return t;
  const room = max - 1;
  let cut = t.slice(0, room + 1);
  const lastSpace = cut.lastIndexOf(" ");
  cut = lastSpace > room * 0.5 ? cut.slice(0, lastSpace) : t.slice(0, room);
  return `${cut.replace(/[\s,.;:!?-]+$/u, "")}…`;
}

/** Deterministic text from a mix of scripts, spaces (ASCII and Unicode), punctuation and astral characters. */
function randomText(seed: number, length: number): string {
  const pieces = ["word", "état", "Straße", "字", "한국", "かな", " ", "  ", "\n", "\t", "\u00a0", "\u3000", "\u2009", "—", "…", "!", "42", "😀", "𝒜", "\ud800", ",", ".", "-", "x"];
  let s = "";
  let x = seed;
  while (s.length < length) {
    x = (x * 1103515245 + 12345) % 2147483648;
    s += pieces[x % pieces.length];
  }
  return s;
}

describe("readingMinutes and makeExcerpt agree with their regex definitions", () => {
  it("on 2,000 generated texts of every length", () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const text = randomText(seed, (seed * 37) % 6000);
      expect(readingMinutes(text), `seed ${seed}`).toBe(readingMinutesByRegex(text));
      expect(makeExcerpt(text), `seed ${seed}`).toBe(excerptByRegex(text));
      expect(makeExcerpt(text, 80), `seed ${seed}`).toBe(excerptByRegex(text, 80));
    }
  });

  it("when whitespace runs make the collapsed window short", () => {
    const text = "a" + " ".repeat(3000) + "b ".repeat(400);
    expect(makeExcerpt(text)).toBe(excerptByRegex(text));
    const trailing = "word ".repeat(150) + " ".repeat(5000);
    expect(makeExcerpt(trailing)).toBe(excerptByRegex(trailing));
  });
});
