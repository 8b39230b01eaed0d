import { describe, expect, it } from "vitest";
import { decodeSegment, parseArticleId, parseSourceSlug, parseTagParam } from "../../lib/articles/route-params";

describe("parseArticleId", () => {
  it.each<[string, number | null]>([
    ["1", 1],
    ["2147483647", 2_147_483_647],
    ["2147483648", null],
    ["99999999999", null],
    ["9".repeat(5000), null],
    ["0", null],
    ["007", null],
    ["-1", null],
    ["1.5", null],
    ["1e3", null],
    ["abc", null],
    ["", null],
    [" 1", null],
  ])("%j → %j", (raw, expected) => {
    expect(parseArticleId(raw)).toBe(expected);
  });
});

describe("parseTagParam", () => {
  it.each<[string, string, string | null]>([
    ["a plain tag", "ml", "ml"],
    ["an encoded space", "machine%20learning", "machine learning"],
    ["non-ASCII", encodeURIComponent("café"), "café"],
    ["malformed percent-encoding", "%E0%A4%A", null],
    ["a lone percent", "100%", null],
    ["a NUL byte", "%00", null],
    ["a control character", "a%0Ab", null],
    ["a lone surrogate (as WTF-8 bytes)", "%ED%A0%80", null],
    ["upper case (stored tags are lower-cased)", "ML", null],
    ["leading space", "%20ml", null],
    ["two spaces in a row", "a%20%20b", null],
    ["empty", "", null],
    ["100 characters", "x".repeat(100), "x".repeat(100)],
    ["101 characters", "x".repeat(101), null],
    ["5,000 characters", "x".repeat(5000), null],
  ])("%s", (_what, raw, expected) => {
    expect(parseTagParam(raw)).toBe(expected);
  });
});

describe("parseSourceSlug", () => {
  it.each<[string, string | null]>([
    ["tensorflow-blog", "tensorflow-blog"],
    ["item", "item"],
    ["blog-2", "blog-2"],
    ["a", "a"],
    ["Blog", null],
    ["-blog", null],
    ["blog-", null],
    ["%E0%A4%A", null],
    ["caf%C3%A9", null],
    ["x".repeat(80), "x".repeat(80)],
    ["x".repeat(81), null],
    ["", null],
  ])("%j → %j", (raw, expected) => {
    expect(parseSourceSlug(raw)).toBe(expected);
  });
});

describe("decodeSegment", () => {
  it.each<[string, string | null]>([
    ["a%20b", "a b"],
    ["%E0%A4%A", null],
    ["%", null],
    ["plain", "plain"],
  ])("%j → %j", (raw, expected) => {
    expect(decodeSegment(raw)).toBe(expected);
  });
});
