import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import DataCacheHandler, { dataCacheSize, expireEverything, expireTags, onLocalRevalidate } from "../../lib/page-cache/data-cache-handler.mjs";
import { decodeInvalidation, encodeInvalidation, MAX_PAYLOAD_BYTES, reconnectDelayMs } from "../../lib/page-cache/invalidation-message";

const fetchEntry = (data: unknown) => ({ kind: "FETCH", data: { body: JSON.stringify(data), headers: {}, status: 200 }, revalidate: 30 });
const FETCH = (tags: string[], softTags: string[] = []) => ({ kind: "FETCH", tags, softTags });

// The handler's state is process-wide: each test starts later than the last ended.
let clock = 0;

describe("the data cache handler", () => {
  beforeEach(() => {
    clock += 1_000_000;
    vi.useFakeTimers({ now: clock });
    expireEverything(); // a clean table for each test (state is process-wide)
    vi.advanceTimersByTime(1);
  });
  afterEach(() => {
    onLocalRevalidate(null);
    vi.useRealTimers();
  });

  it("serves an entry until a tag it carries, explicit or a path's, is expired by this or another process", async () => {
    const cache = new DataCacheHandler({ maxMemoryCacheSize: 1_000_000 });
    await cache.get("hot", FETCH(["articles"], ["_N_T_/"]));
    await cache.set("hot", fetchEntry("v1"), { tags: ["articles"] });
    await cache.get("article", FETCH(["articles", "article:1"], ["_N_T_/a/1/x"]));
    await cache.set("article", fetchEntry("a1"), { tags: ["articles", "article:1"] });
    vi.advanceTimersByTime(10);
    expect(await cache.get("hot", FETCH(["articles"], ["_N_T_/"]))).toMatchObject({ value: fetchEntry("v1") });

    // Another process's vote on the article page: its path tag, as revalidatePath sends it.
    expireTags(["_N_T_/a/1/x"]);
    vi.advanceTimersByTime(1);
    expect(await cache.get("article", FETCH(["articles", "article:1"], ["_N_T_/a/1/x"]))).toBeNull();
    expect(await cache.get("hot", FETCH(["articles"], ["_N_T_/"]))).not.toBeNull();

    vi.advanceTimersByTime(10);
    expireTags(["articles"]);
    vi.advanceTimersByTime(1);
    expect(await cache.get("hot", FETCH(["articles"], ["_N_T_/"]))).toBeNull();
    // Stored after the expiry: served again.
    vi.advanceTimersByTime(10);
    await cache.set("hot", fetchEntry("v2"), { tags: ["articles"] });
    vi.advanceTimersByTime(10);
    expect(await cache.get("hot", FETCH(["articles"]))).toMatchObject({ value: fetchEntry("v2") });
  });

  it("does not keep a value whose read began before an invalidation that came while it was fetched", async () => {
    const cache = new DataCacheHandler();
    expect(await cache.get("race", FETCH(["articles"]))).toBeNull(); // the read starts
    vi.advanceTimersByTime(20);
    expireTags(["articles"]); // a vote lands while the query runs
    vi.advanceTimersByTime(20);
    await cache.set("race", fetchEntry("from before the vote"), { tags: ["articles"] });
    vi.advanceTimersByTime(20);
    expect(await cache.get("race", FETCH(["articles"]))).toBeNull();
    // The read that follows is after the vote: its value is kept.
    vi.advanceTimersByTime(20);
    await cache.set("race", fetchEntry("after the vote"), { tags: ["articles"] });
    vi.advanceTimersByTime(20);
    expect(await cache.get("race", FETCH(["articles"]))).toMatchObject({ value: fetchEntry("after the vote") });
  });

  it("drops everything when notifications may have been missed, and announces only its own revalidations", async () => {
    const cache = new DataCacheHandler();
    const announced: string[][] = [];
    onLocalRevalidate((tags) => announced.push(tags));
    await cache.set("a", fetchEntry(1), { tags: ["x"] });
    await cache.set("b", fetchEntry(2), { tags: [] });
    vi.advanceTimersByTime(10);
    await cache.revalidateTag(["x"]);
    expect(announced).toEqual([["x"]]);
    expect(await cache.get("a", FETCH(["x"]))).toBeNull();
    expect(await cache.get("b", FETCH([]))).not.toBeNull();
    expireTags(["y"]); // another process's: applied, not announced again
    expireEverything();
    expect(announced).toEqual([["x"]]);
    expect(await cache.get("b", FETCH([]))).toBeNull();
    expect(dataCacheSize().entries).toBe(0);
  });

  it("stays within its byte bound, dropping the least recently used entry first", async () => {
    const cache = new DataCacheHandler({ maxMemoryCacheSize: 2_000 });
    const big = fetchEntry("x".repeat(400));
    await cache.set("one", big, { tags: [] });
    await cache.set("two", big, { tags: [] });
    await cache.get("one", FETCH([]));
    await cache.set("three", big, { tags: [] });
    expect(dataCacheSize().bytes).toBeLessThanOrEqual(2_000);
    expect(await cache.get("two", FETCH([]))).toBeNull();
    expect(await cache.get("one", FETCH([]))).not.toBeNull();
    expect(await cache.get("three", FETCH([]))).not.toBeNull();
    await cache.set("huge", fetchEntry("x".repeat(5_000)), { tags: [] });
    expect(await cache.get("huge", FETCH([]))).toBeNull();
  });

  it("bounds its table of tag times: past 10,000 tags everything counts as invalid", async () => {
    const cache = new DataCacheHandler();
    await cache.set("a", fetchEntry(1), { tags: ["keep"] });
    vi.advanceTimersByTime(10);
    expireTags(Array.from({ length: 10_001 }, (_, i) => `_N_T_/p/${i}`));
    expect(await cache.get("a", FETCH(["keep"]))).toBeNull();
  });
});

describe("invalidation announcements", () => {
  it("round-trip, and widen to everything rather than lose tags when too long for NOTIFY", () => {
    const inv = { from: "web-a", pages: true, tags: ["articles", "_N_T_/a/1/x"], all: false };
    expect(decodeInvalidation(encodeInvalidation(inv))).toEqual(inv);
    const many = { from: "web-a", pages: false, tags: Array.from({ length: 1_000 }, (_, i) => `_N_T_/a/${i}/some-title`), all: false };
    const payload = encodeInvalidation(many);
    expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(decodeInvalidation(payload)).toEqual({ from: "web-a", pages: true, tags: [], all: true });
  });

  it.each([
    ["not JSON", "articles"],
    ["another version", JSON.stringify({ v: 2, from: "x", tags: [] })],
    ["no sender", JSON.stringify({ v: 1, tags: [] })],
    ["tags not a list", JSON.stringify({ v: 1, from: "x", tags: "articles" })],
    ["empty", ""],
  ])("ignore what is not one (%s)", (_name, payload) => {
    expect(decodeInvalidation(payload)).toBeNull();
  });

  it("keep only string tags of a sane length", () => {
    const payload = JSON.stringify({ v: 1, from: "x", pages: 1, tags: ["ok", 5, "", "t".repeat(2_000)] });
    expect(decodeInvalidation(payload)).toEqual({ from: "x", pages: false, tags: ["ok"], all: false });
  });
});

describe("the listener's reconnect delay", () => {
  it.each([
    [0, 250],
    [1, 500],
    [2, 1_000],
    [3, 2_000],
    [4, 4_000],
    [5, 5_000],
    [30, 5_000],
  ])("attempt %i waits %i ms, ±20 %%", (attempt, ms) => {
    expect(reconnectDelayMs(attempt, () => 0.5)).toBe(ms);
    expect(reconnectDelayMs(attempt, () => 0)).toBe(Math.round(ms * 0.8));
    expect(reconnectDelayMs(attempt, () => 1)).toBe(Math.round(ms * 1.2));
  });
});
