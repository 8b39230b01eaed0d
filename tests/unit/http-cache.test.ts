import { describe, expect, it } from "vitest";
import { parseCacheControlMaxAge, parseRetryAfter } from "../../lib/feeds/http-cache";

const NOW = new Date("2026-11-29T12:00:00Z");

describe("parseRetryAfter", () => {
  it.each([
    ["120", 120],
    [" 0 ", 0],
    ["3600", 3600],
    ["Sun, 29 Nov 2026 12:01:30 GMT", 90],
    ["Sunday, 29-Nov-26 12:00:10 GMT", 10],
    ["Sun Nov 29 12:00:05 2026", 5],
    ["Sun, 29 Nov 2026 11:00:00 GMT", 0], // in the past: retry now
    ["", null],
    ["soon", null],
    ["-5", null],
    ["1.5", null],
    ["99999999999999999999", null],
    [null, null],
    [undefined, null],
  ] as const)("%j → %j", (value, seconds) => {
    expect(parseRetryAfter(value, NOW)).toBe(seconds);
  });
});

describe("parseCacheControlMaxAge", () => {
  it.each([
    ["max-age=300", 300],
    ["public, max-age=60", 60],
    ["MAX-AGE=60, must-revalidate", 60],
    ['max-age="90"', 90],
    ["max-age = 30", 30],
    ["s-maxage=600", null], // for shared caches, not for us
    ["private, s-maxage=600, max-age=0", 0],
    ["no-cache, max-age=300", null],
    ["no-store", null],
    ["max-age=abc", null],
    ["max-age=-1", null],
    ["max-age=99999999999999999999", 2 ** 31],
    ["", null],
    [null, null],
  ] as const)("%j → %j", (value, seconds) => {
    expect(parseCacheControlMaxAge(value)).toBe(seconds);
  });
});
