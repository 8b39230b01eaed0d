import { describe, expect, it } from "vitest";
import { computeHotRank } from "../../lib/ranking/hot";

const NOW = new Date("2026-11-29T12:00:00Z");
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);

describe("computeHotRank", () => {
  it.each([
    // points, age (h), expected rank = (points + 1) / (age + 2)^1.8
    [0, 0, 1 / Math.pow(2, 1.8)],
    [0, 24, 1 / Math.pow(26, 1.8)],
    [10, 24, 11 / Math.pow(26, 1.8)],
    [100, 24, 101 / Math.pow(26, 1.8)],
    [5, 1, 6 / Math.pow(3, 1.8)],
    [0, 24 * 14, 1 / Math.pow(338, 1.8)],
  ])("%i points at %i h → formula value", (points, age, expected) => {
    expect(computeHotRank(points, hoursAgo(age), NOW)).toBeCloseTo(expected, 12);
  });

  it.each([
    // [a: points, hours] outranks [b: points, hours]
    [[0, 1], [0, 5]],
    [[10, 5], [0, 5]],
    [[50, 24], [0, 24]],
    [[3, 2], [10, 48]],
    [[200, 24], [0, 0]],
  ])("%j outranks %j", (a, b) => {
    expect(computeHotRank(a[0]!, hoursAgo(a[1]!), NOW)).toBeGreaterThan(computeHotRank(b[0]!, hoursAgo(b[1]!), NOW));
  });

  it("a day-old story with ~100 votes ties a fresh unvoted one (gravity 1.8)", () => {
    const fresh = computeHotRank(0, NOW, NOW);
    const dayOld = computeHotRank(100, hoursAgo(24), NOW);
    expect(dayOld / fresh).toBeGreaterThan(0.9);
    expect(dayOld / fresh).toBeLessThan(1.1);
  });

  it("treats future-dated articles as brand new and negative scores as zero", () => {
    expect(computeHotRank(0, new Date(NOW.getTime() + 10 * 3_600_000), NOW)).toBe(computeHotRank(0, NOW, NOW));
    expect(computeHotRank(-5, hoursAgo(3), NOW)).toBe(computeHotRank(0, hoursAgo(3), NOW));
  });
});
