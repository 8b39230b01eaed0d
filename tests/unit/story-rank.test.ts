import { describe, expect, it } from "vitest";
import { computeHotRank } from "../../lib/ranking/hot";
import { computeStoryRank, storyBreadth } from "../../lib/ranking/story";

const NOW = new Date("2026-12-06T12:00:00Z");
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);
const rank = (points: number, sources: number, age: number) => computeStoryRank({ points, sources, publishedAt: hoursAgo(age) }, NOW);

describe("storyBreadth", () => {
  it.each([
    // sources → breadth = min(1 + 0.5·(sources − 1), 2.5)
    [0, 1],
    [1, 1],
    [2, 1.5],
    [3, 2],
    [4, 2.5],
    [5, 2.5],
    [20, 2.5],
  ])("%i sources → %d", (sources, expected) => {
    expect(storyBreadth(sources)).toBe(expected);
  });
});

describe("computeStoryRank", () => {
  it.each([
    // points, sources, age (h), expected = (points + 1) · breadth / (age + 2)^1.8
    [0, 1, 0, 1 / Math.pow(2, 1.8)],
    [0, 4, 6, 2.5 / Math.pow(8, 1.8)],
    [10, 2, 24, (11 * 1.5) / Math.pow(26, 1.8)],
    [3, 3, 1, (4 * 2) / Math.pow(3, 1.8)],
    [100, 10, 24, (101 * 2.5) / Math.pow(26, 1.8)],
  ])("%i points, %i sources, %i h → formula value", (points, sources, age, expected) => {
    expect(rank(points, sources, age)).toBeCloseTo(expected, 12);
  });

  it("equals computeHotRank for a lone article (one source)", () => {
    for (const [p, h] of [[0, 0], [5, 3], [40, 30]] as const) {
      expect(rank(p, 1, h)).toBeCloseTo(computeHotRank(p, hoursAgo(h), NOW), 12);
    }
  });

  it.each([
    // [points, sources, hours] outranks [points, sources, hours]
    [[0, 4, 5], [0, 1, 5]], // a story told by 4 outranks the same story told by 1
    [[0, 2, 5], [0, 1, 5]],
    [[0, 4, 5], [0, 3, 5]],
    [[10, 1, 5], [0, 4, 5]], // votes still move stories: 11 > 2.5
    [[3, 1, 5], [0, 2, 5]],
    [[0, 1, 1], [0, 4, 24]], // breadth does not keep a day-old story above fresh news
  ])("%j outranks %j", (a, b) => {
    expect(rank(a[0]!, a[1]!, a[2]!)).toBeGreaterThan(rank(b[0]!, b[1]!, b[2]!));
  });

  it("caps breadth at 4 sources", () => {
    expect(rank(2, 12, 3)).toBe(rank(2, 4, 3));
  });

  it("treats future dates as brand new and negative points as zero", () => {
    expect(computeStoryRank({ points: 0, sources: 2, publishedAt: new Date(NOW.getTime() + 3_600_000) }, NOW)).toBe(rank(0, 2, 0));
    expect(rank(-4, 2, 3)).toBe(rank(0, 2, 3));
  });
});
