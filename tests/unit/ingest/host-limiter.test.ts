import { describe, expect, it } from "vitest";
import { hostKey, KeyedLimiter, mapPool } from "../../../lib/ingest/host-limiter";

const tick = () => new Promise((r) => setTimeout(r, 1));

describe("KeyedLimiter", () => {
  it("never runs more than perKey calls per key, and other keys are not held back", async () => {
    const limiter = new KeyedLimiter(2);
    let peakA = 0;
    let peakB = 0;
    const work = (key: string) =>
      limiter.run(key, async () => {
        if (key === "a") peakA = Math.max(peakA, limiter.activeCount("a"));
        else peakB = Math.max(peakB, limiter.activeCount("b"));
        await tick();
        return key;
      });
    const results = await Promise.all([...Array(10)].map((_, i) => work(i % 5 === 0 ? "b" : "a")));
    expect(results.filter((r) => r === "a")).toHaveLength(8);
    expect(peakA).toBe(2);
    expect(peakB).toBe(2);
    expect(limiter.activeCount("a")).toBe(0);
  });

  it("releases the slot when the work throws", async () => {
    const limiter = new KeyedLimiter(1);
    await expect(limiter.run("k", async () => { throw new Error("boom"); })).rejects.toThrow("boom");
    expect(await limiter.run("k", async () => 42)).toBe(42);
  });
});

describe("hostKey and mapPool", () => {
  it("keys by lowercased host and keeps input order", async () => {
    expect(hostKey("https://Example.COM:8443/feed")).toBe("example.com:8443");
    expect(hostKey("not a url")).toBe("invalid-url");
    let inFlight = 0;
    let peak = 0;
    const out = await mapPool([5, 1, 4, 2, 3], 2, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, n));
      inFlight--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });
});
