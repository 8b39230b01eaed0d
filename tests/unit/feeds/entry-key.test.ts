import { describe, expect, it } from "vitest";
import { baseEntryKey, uniquifyKeys } from "../../../lib/feeds/entry-key";

const entry = (over: Partial<Parameters<typeof baseEntryKey>[0]>) => ({ id: null, link: null, title: null, content: null, summary: null, ...over });

describe("baseEntryKey", () => {
  it.each([
    ["guid wins", entry({ id: " tag:x,2020:1 ", link: "https://a/1" }), "tag:x,2020:1"],
    ["link without guid", entry({ link: "https://a/1" }), "https://a/1"],
  ])("%s", (_name, e, want) => {
    expect(baseEntryKey(e)).toBe(want);
  });

  it("hashes title and content when there is neither guid nor link, stably", () => {
    const a = baseEntryKey(entry({ title: "T", content: "<p>c</p>" }));
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(baseEntryKey(entry({ title: "T", content: "<p>c</p>" }))).toBe(a);
    expect(baseEntryKey(entry({ title: "T", content: "<p>d</p>" }))).not.toBe(a);
    // the separator keeps ("ab","c") apart from ("a","bc")
    expect(baseEntryKey(entry({ title: "ab", content: "c" }))).not.toBe(baseEntryKey(entry({ title: "a", content: "bc" })));
  });

  it("hashes very long ids instead of storing them", () => {
    expect(baseEntryKey(entry({ id: "x".repeat(5000) }))).toMatch(/^sha256:/);
  });
});

describe("uniquifyKeys", () => {
  it.each([
    [["a", "b", "c"], ["a", "b", "c"]],
    [["a", "a", "a"], ["a", "a#2", "a#3"]],
    [["a", "a#2", "a"], ["a", "a#2", "a#3"]],
    [["x", "y", "x", "y"], ["x", "y", "x#2", "y#2"]],
  ])("%j -> %j", (keys, want) => {
    expect(uniquifyKeys(keys)).toEqual(want);
    expect(new Set(uniquifyKeys(keys)).size).toBe(keys.length);
  });
});
