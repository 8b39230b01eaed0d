import { describe, expect, it } from "vitest";
import { describeSourceHealth } from "../../lib/sources/queries";

const base = { status: "active" as const, lastSuccessAt: new Date(), errorCount: 0, lastError: null };

describe("describeSourceHealth", () => {
  it.each([
    ["healthy", base, "ok", /healthy/],
    ["never fetched", { ...base, lastSuccessAt: null }, "warn", /not fetched yet/],
    ["failing after successes", { ...base, errorCount: 3, lastError: "HTTP 503" }, "warn", /failing \(3 errors in a row\): HTTP 503/],
    ["failing from the start", { ...base, lastSuccessAt: null, errorCount: 1, lastError: "ECONNREFUSED" }, "bad", /1 error in a row/],
    ["gone", { ...base, status: "gone" as const }, "bad", /410/],
    ["disabled", { ...base, status: "disabled" as const }, "warn", /paused/],
  ])("%s", (_name, input, tone, text) => {
    const h = describeSourceHealth(input);
    expect(h.tone).toBe(tone);
    expect(h.text).toMatch(text);
  });
});
