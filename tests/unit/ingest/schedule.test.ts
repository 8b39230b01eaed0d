import { describe, expect, it } from "vitest";
import { clampIntervalS, computeNextCheck, meanPostingGapS, nextIntervalS } from "../../../lib/ingest/schedule";

const MIN = 60;
const H = 3600;
const now = new Date("2026-11-29T12:00:00Z");
const hoursAgo = (...hs: number[]) => hs.map((h) => new Date(now.getTime() - h * H * 1000));

describe("nextIntervalS", () => {
  it.each([
    ["no history → 1 h", { outcome: "ok", errorCount: 0 }, H],
    ["posts every 2 h → 1 h", { outcome: "ok", errorCount: 0, recentPublished: hoursAgo(0, 2, 4, 6) }, H],
    ["posts every 4 min → clamped to 5 min", { outcome: "ok", errorCount: 0, recentPublished: hoursAgo(0, 4 / 60, 8 / 60) }, 5 * MIN],
    ["posts weekly → clamped to 24 h", { outcome: "not_modified", errorCount: 0, recentPublished: hoursAgo(0, 168, 336) }, 24 * H],
    ["ttl of 3 h beats a 1 h rate", { outcome: "ok", errorCount: 0, recentPublished: hoursAgo(0, 2, 4), serverMinIntervalS: 3 * H }, 3 * H],
    ["max-age of 2 days still clamped to 24 h", { outcome: "ok", errorCount: 0, serverMinIntervalS: 48 * H }, 24 * H],
    ["1st error → 5 min", { outcome: "error", errorCount: 1 }, 5 * MIN],
    ["2nd error → 10 min", { outcome: "error", errorCount: 2 }, 10 * MIN],
    ["5th error → 80 min", { outcome: "error", errorCount: 5 }, 80 * MIN],
    ["20th error → capped at 24 h", { outcome: "error", errorCount: 20 }, 24 * H],
    ["refused counts as an error", { outcome: "refused", errorCount: 3 }, 20 * MIN],
    ["Retry-After 2 h honoured", { outcome: "rate_limited", errorCount: 1, retryAfterS: 2 * H }, 2 * H],
    ["Retry-After 30 s → 5 min floor", { outcome: "rate_limited", errorCount: 1, retryAfterS: 30 }, 5 * MIN],
    ["operator's 3 h override beats a 1 h posting rate", { outcome: "ok", errorCount: 0, recentPublished: hoursAgo(0, 2, 4), overrideIntervalS: 3 * H }, 3 * H],
    ["operator's override still yields to a longer ttl", { outcome: "not_modified", errorCount: 0, overrideIntervalS: 10 * MIN, serverMinIntervalS: H }, H],
    ["an override does not shorten error backoff", { outcome: "error", errorCount: 5, overrideIntervalS: 5 * MIN }, 80 * MIN],
  ] as const)("%s", (_name, input, expected) => {
    expect(nextIntervalS(input)).toBe(expected);
  });
});

describe("computeNextCheck", () => {
  it("jitters by at most ±10 % and never below what the server asked", () => {
    for (const r of [0, 0.25, 0.5, 0.999]) {
      const t = computeNextCheck({ now, outcome: "ok", errorCount: 0, random: () => r });
      const s = (t.getTime() - now.getTime()) / 1000;
      expect(s).toBeGreaterThanOrEqual(0.9 * H);
      expect(s).toBeLessThanOrEqual(1.1 * H);
    }
    const low = computeNextCheck({ now, outcome: "ok", errorCount: 0, serverMinIntervalS: 3 * H, random: () => 0 });
    expect((low.getTime() - now.getTime()) / 1000).toBe(3 * H);
    const retry = computeNextCheck({ now, outcome: "rate_limited", errorCount: 1, retryAfterS: 2 * H, random: () => 0 });
    expect((retry.getTime() - now.getTime()) / 1000).toBe(2 * H);
  });

  it("stays within 5 min .. 24 h", () => {
    const hi = computeNextCheck({ now, outcome: "error", errorCount: 30, random: () => 0.999 });
    expect((hi.getTime() - now.getTime()) / 1000).toBeLessThanOrEqual(24 * H);
    const lo = computeNextCheck({ now, outcome: "error", errorCount: 1, random: () => 0 });
    expect((lo.getTime() - now.getTime()) / 1000).toBeGreaterThanOrEqual(5 * MIN);
  });
});

describe("meanPostingGapS", () => {
  it("needs two entries and ignores invalid dates", () => {
    expect(meanPostingGapS([])).toBeNull();
    expect(meanPostingGapS(hoursAgo(1))).toBeNull();
    expect(meanPostingGapS([...hoursAgo(0, 3), new Date("nope")])).toBe(3 * H);
  });
});

describe("clampIntervalS", () => {
  it.each([
    [60, 5 * MIN],
    [0, 5 * MIN],
    [2 * H, 2 * H],
    [100 * H, 24 * H],
    [301.4, 301],
  ])("%s s → %s s (the schedule's 5 min .. 24 h)", (input, expected) => {
    expect(clampIntervalS(input)).toBe(expected);
  });
});
