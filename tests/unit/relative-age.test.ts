import { describe, expect, it } from "vitest";
import { formatRelativeAge } from "../../lib/format/relative-age";

const now = new Date("2026-04-25T12:00:00Z");
describe("formatRelativeAge", () => {
  it.each([
    [0, "just now"],
    [59, "just now"],
    [60, "1m"],
    [59 * 60, "59m"],
    [3600, "1h"],
    [23 * 3600 + 3599, "23h"],
    [24 * 3600, "1d"],
    [524 * 86400 + 5, "524d"],
  ])("%i seconds ago is %s", (seconds, expected) => {
    expect(formatRelativeAge(new Date(now.getTime() - seconds * 1000), now)).toBe(expected);
  });
});
