import { describe, expect, it } from "vitest";
import { chartSummary } from "../../components/admin/bar-chart";
import { bucketStart, dayKeys, fillSeries, hourKeys } from "../../lib/admin/series";
import { overrideSeconds, sourceEditSchema } from "../../lib/admin/source-page";

const now = new Date("2026-12-05T14:30:00Z");

describe("console time buckets", () => {
  it("lists UTC days and hours oldest first, ending with the current one", () => {
    expect(dayKeys(3, now)).toEqual(["2026-12-03", "2026-12-04", "2026-12-05"]);
    expect(hourKeys(3, now)).toEqual(["2026-12-05T12", "2026-12-05T13", "2026-12-05T14"]);
    expect(dayKeys(2, new Date("2027-01-01T00:00:00Z"))).toEqual(["2026-12-31", "2027-01-01"]);
  });

  it("starts the query window at the oldest bucket", () => {
    expect(bucketStart("2026-12-03").toISOString()).toBe("2026-12-03T00:00:00.000Z");
    expect(bucketStart("2026-12-05T12").toISOString()).toBe("2026-12-05T12:00:00.000Z");
  });

  it("lays rows onto the buckets with zeros for gaps, ignoring rows outside them", () => {
    const rows = [
      { day: "2026-12-05", n: 4 },
      { day: "2026-12-03", n: 1 },
      { day: "2026-11-01", n: 99 },
      { day: null, n: 7 },
    ];
    expect(fillSeries(dayKeys(3, now), rows, "day", "n")).toEqual([1, 0, 4]);
  });
});

describe("chartSummary (the charts' text alternative)", () => {
  it("names the range, totals per series, the peak and the latest bucket", () => {
    expect(chartSummary(["a", "b", "c"], [{ name: "ok", values: [1, 5, 2] }, { name: "failed", values: [0, 1, 0] }])).toBe("a to c: 8 ok, 1 failed in all; highest 6 at b; latest 2.");
    expect(chartSummary([], [])).toBe("no data");
  });
});

describe("the source edit form", () => {
  const base = { title: "A title", siteUrl: "", intervalMinutes: "" };
  it.each([
    ["an empty title", { ...base, title: "   " }, "A title is required."],
    ["a title over 300 characters", { ...base, title: "x".repeat(301) }, "A title is at most 300 characters."],
    ["a javascript: site URL", { ...base, siteUrl: "javascript:alert(1)" }, "The site URL must be an http or https URL."],
    ["an interval that is not a number", { ...base, intervalMinutes: "soon" }, "The refresh interval is a whole number of minutes, or empty for automatic."],
    ["a negative interval", { ...base, intervalMinutes: "-5" }, "The refresh interval is a whole number of minutes, or empty for automatic."],
    ["a paused value other than on", { ...base, paused: "yes" }, undefined],
  ])("refuses %s", (_name, input, message) => {
    const r = sourceEditSchema.safeParse(input);
    expect(r.success).toBe(false);
    if (message) expect(r.error?.issues[0]?.message).toBe(message);
  });

  it("accepts a full form and clamps the interval like the schedule", () => {
    expect(sourceEditSchema.safeParse({ title: " Renamed ", siteUrl: "https://example.org/", intervalMinutes: "1", paused: "on" }).data).toEqual({ title: "Renamed", siteUrl: "https://example.org/", intervalMinutes: "1", paused: "on" });
    expect(overrideSeconds("1")).toBe(300);
    expect(overrideSeconds("90")).toBe(5400);
    expect(overrideSeconds("100000")).toBe(86400);
    expect(overrideSeconds("")).toBeNull();
  });
});
