import { describe, expect, it } from "vitest";
import { buildAlsoLine } from "../../lib/stories/also-line";

const member = (id: number, slug: string, title = slug.toUpperCase()) => ({ id, title: `story ${id}`, url: null, source: { slug, title } });

describe("buildAlsoLine", () => {
  it("names up to three sources, best first, and counts the rest", () => {
    const line = buildAlsoLine([member(1, "verge"), member(2, "wired"), member(3, "ars"), member(4, "ft"), member(5, "bbc")], "lead");
    expect(line!.named.map((m) => m.source.slug)).toEqual(["verge", "wired", "ars"]);
    expect(line!.more).toBe(2);
  });

  it.each([
    // members' sources, lead's source, alsoOn, names, more
    [["verge", "wired"], "lead", [], ["verge", "wired"], 0],
    [["verge", "verge", "wired"], "lead", [], ["verge", "wired"], 0], // one name per source, its best article
    [["lead", "wired"], "lead", [], ["wired"], 0], // the lead's own source is not "also"
    [["verge", "wired"], "lead", ["VERGE"], ["wired"], 0], // credited for the same URL already
  ])("%j under %s (alsoOn %j) → %j +%i", (slugs, lead, alsoOn, names, more) => {
    const line = buildAlsoLine(slugs.map((s, i) => member(i + 1, s)), lead, alsoOn, 2);
    expect(line!.named.map((m) => m.source.slug)).toEqual(names);
    expect(line!.more).toBe(more);
  });

  it("is null when no other source is left to name", () => {
    expect(buildAlsoLine([], "lead")).toBeNull();
    expect(buildAlsoLine([member(1, "lead")], "lead")).toBeNull();
  });

  it("links each name to that member's own article (the first member of a source)", () => {
    const line = buildAlsoLine([member(7, "verge"), member(8, "verge")], "lead");
    expect(line!.named.map((m) => m.id)).toEqual([7]);
  });
});
