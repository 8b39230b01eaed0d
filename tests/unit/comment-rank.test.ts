import { describe, expect, it } from "vitest";
import { COMMENT_HALF_LIFE_DAYS, compareCommentRank, computeCommentRank } from "../../lib/ranking/comments";

const T0 = new Date(Date.UTC(2026, 11, 5, 12, 0, 0));
const hoursAfter = (h: number) => new Date(T0.getTime() + h * 3_600_000);

describe("computeCommentRank (the 'best' order of comments)", () => {
  // Each row: two comments (points, hours after T0), and which one "best" puts first.
  const table: { why: string; a: [number, number]; b: [number, number]; first: "a" | "b" }[] = [
    { why: "more votes at the same age", a: [3, 0], b: [1, 0], first: "a" },
    { why: "with no votes, the newer comment", a: [0, 0], b: [0, 1], first: "b" },
    { why: "3 votes a day old beat an unvoted comment posted now (4/2 > 1)", a: [3, 0], b: [0, 24], first: "a" },
    { why: "a vote outweighs a few hours of age", a: [1, 0], b: [0, 6], first: "a" },
    { why: "a day-old comment needs over twice the (points + 1) of a new one: 7 votes (8/2 = 4) beat 2 new ones (3)", a: [7, 0], b: [2, 24], first: "a" },
    { why: "... and loses with less: 4 votes a day old (5/2) lose to 2 new ones (3)", a: [4, 0], b: [2, 24], first: "b" },
    { why: "two days of age halve twice: 7 votes (8/4 = 2) lose to 2 new ones (3)", a: [7, 0], b: [2, 48], first: "b" },
    { why: "a negative score (cannot happen) counts as zero, never NaN", a: [-5, 0], b: [0, 0], first: "b" },
  ];
  for (const row of table) {
    it(row.why, () => {
      const a = { id: 1, rank: computeCommentRank(row.a[0], hoursAfter(row.a[1])) };
      const b = { id: 2, rank: computeCommentRank(row.b[0], hoursAfter(row.b[1])) };
      expect(Number.isFinite(a.rank) && Number.isFinite(b.rank)).toBe(true);
      const order = [a, b].sort(compareCommentRank).map((c) => (c === a ? "a" : "b"));
      expect(order[0]).toBe(row.first);
    });
  }

  it("ties exactly where the rule says: (1 vote, now) ties (0, a half-life later), and the newer id goes first", () => {
    const voted = computeCommentRank(1, T0);
    const later = computeCommentRank(0, hoursAfter(24 * COMMENT_HALF_LIFE_DAYS));
    expect(voted).toBeCloseTo(later, 9);
    expect([{ id: 5, rank: 10 }, { id: 9, rank: 10 }, { id: 7, rank: 11 }].sort(compareCommentRank).map((c) => c.id)).toEqual([7, 9, 5]);
  });

  it("never reorders two comments as time passes: the rank has no clock in it", () => {
    // Equivalent to (points + 1) / 2^(age / half-life) at any 'now': check the ratio form agrees at two different nows.
    const comments = [
      [5, 0],
      [0, 30],
      [2, 20],
      [9, -40],
    ] as const;
    const byRank = comments.map((c, i) => ({ id: i, rank: computeCommentRank(c[0], hoursAfter(c[1])) })).sort(compareCommentRank).map((c) => c.id);
    for (const nowH of [50, 5_000]) {
      const decayed = comments
        .map((c, i) => ({ id: i, rank: (c[0] + 1) / Math.pow(2, (nowH - c[1]) / (24 * COMMENT_HALF_LIFE_DAYS)) }))
        .sort(compareCommentRank)
        .map((c) => c.id);
      expect(decayed).toEqual(byRank);
    }
  });
});
