import { describe, expect, it } from "vitest";
import { ByteBudget, defaultByteBudget } from "../../../lib/ingest/byte-budget";
import { getHeapStatistics } from "node:v8";

const settled = () => new Promise((r) => setTimeout(r, 0));

describe("ByteBudget", () => {
  it("grants at once while the bytes fit, then makes the next caller wait for a release", async () => {
    const budget = new ByteBudget(100);
    const a = await budget.acquire(60);
    const b = await budget.acquire(40);
    expect(budget.inUse).toBe(100);
    let granted = false;
    const c = budget.acquire(10).then((release) => ((granted = true), release));
    await settled();
    expect(granted).toBe(false);
    expect(budget.waitingCount).toBe(1);
    b();
    const releaseC = await c;
    expect(granted).toBe(true);
    expect(budget.inUse).toBe(70);
    a();
    releaseC();
    expect(budget.inUse).toBe(0);
  });

  it("lets a body larger than the whole budget run alone rather than never", async () => {
    const budget = new ByteBudget(100);
    const small = await budget.acquire(1);
    const order: string[] = [];
    const huge = budget.acquire(10_000).then((release) => (order.push("huge"), release));
    await settled();
    expect(order).toEqual([]);
    small();
    const releaseHuge = await huge;
    expect(budget.inUse).toBe(100);
    releaseHuge();
    expect(budget.inUse).toBe(0);
  });

  it("serves waiters in arrival order: a large request is not starved by small ones", async () => {
    const budget = new ByteBudget(100);
    const first = await budget.acquire(90);
    const order: string[] = [];
    const large = budget.acquire(80).then((r) => (order.push("large"), r));
    const small = budget.acquire(5).then((r) => (order.push("small"), r));
    await settled();
    // 5 bytes would fit beside the 90, but the large request arrived first.
    expect(order).toEqual([]);
    first();
    const releases = await Promise.all([large, small]);
    expect(order).toEqual(["large", "small"]);
    expect(budget.inUse).toBe(85);
    for (const r of releases) r();
    expect(budget.inUse).toBe(0);
  });

  it("ignores a second release of the same grant", async () => {
    const budget = new ByteBudget(10);
    const a = await budget.acquire(5);
    const b = await budget.acquire(5);
    a();
    a();
    expect(budget.inUse).toBe(5);
    b();
    expect(budget.inUse).toBe(0);
  });

  it("treats zero, negative and non-numeric sizes as nothing, and refuses a bad capacity", async () => {
    const budget = new ByteBudget(10);
    for (const n of [0, -5, Number.NaN]) (await budget.acquire(n))();
    expect(budget.inUse).toBe(0);
    for (const bad of [0, -1, 1.5, Number.POSITIVE_INFINITY]) expect(() => new ByteBudget(bad)).toThrow(/positive integer/);
  });

  it("defaults to an eighth of the heap limit", () => {
    expect(defaultByteBudget().capacity).toBe(Math.floor(getHeapStatistics().heap_size_limit / 8));
  });
});
