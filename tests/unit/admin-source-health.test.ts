import { describe, expect, it } from "vitest";
import { dailySeries, sparklinePoints, tabsOf } from "../../lib/admin/source-health";

const now = new Date("2026-12-05T12:00:00Z");
const days = (n: number) => new Date(now.getTime() - n * 86_400_000);

describe("tabsOf", () => {
  it.each([
    ["healthy and recent", { status: "active" as const, errorCount: 0, lastNewAt: days(1), createdAt: days(100) }, ["all"]],
    ["failing", { status: "active" as const, errorCount: 2, lastNewAt: days(1), createdAt: days(100) }, ["all", "failing"]],
    ["idle: nothing new for 31 days", { status: "active" as const, errorCount: 0, lastNewAt: days(31), createdAt: days(100) }, ["all", "idle"]],
    ["idle and failing", { status: "active" as const, errorCount: 1, lastNewAt: null, createdAt: days(40) }, ["all", "failing", "idle"]],
    ["new source with nothing yet is not idle", { status: "active" as const, errorCount: 0, lastNewAt: null, createdAt: days(2) }, ["all"]],
    ["paused (errors do not make it failing)", { status: "disabled" as const, errorCount: 3, lastNewAt: null, createdAt: days(40) }, ["all", "paused"]],
    ["gone", { status: "gone" as const, errorCount: 1, lastNewAt: null, createdAt: days(40) }, ["all", "gone"]],
  ])("%s", (_name, facts, tabs) => {
    expect([...tabsOf(facts, now)].sort()).toEqual([...tabs].sort());
  });
});

describe("dailySeries and sparklinePoints", () => {
  it("places counts on their UTC day, oldest first, dropping days outside the window", () => {
    const today = new Date("2026-12-05T00:00:00Z");
    const rows = [
      { day: today, n: 3 },
      { day: new Date("2026-12-03T00:00:00Z"), n: 1 },
      { day: new Date("2026-11-01T00:00:00Z"), n: 9 },
    ];
    expect(dailySeries(rows, 4, now)).toEqual([0, 1, 0, 3]);
  });

  it("scales to the box with the largest value at the top and zero at the bottom", () => {
    expect(sparklinePoints([0, 5, 10], 24, 14)).toBe("2,12 12,7 22,2");
    expect(sparklinePoints([0, 0], 10, 10)).toBe("2,8 8,8");
    expect(sparklinePoints([1, 2, 3, 4], 24, 14)).toBe("2,9.5 8.7,7 15.3,4.5 22,2");
    expect(sparklinePoints([], 10, 10)).toBe("");
  });
});
