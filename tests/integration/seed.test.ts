import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { DEFAULT_SOURCES } from "../../lib/sources/default-sources";
import { seedDefaultSources } from "../../lib/sources/seed";

describe("seeding the default sources", () => {
  it("inserts them once, concurrently or not, and respects an operator's removal", async () => {
    const results = await Promise.all([seedDefaultSources(db), seedDefaultSources(db), seedDefaultSources(db)]);
    expect(results.reduce((a, b) => a + b, 0)).toBe(DEFAULT_SOURCES.length);
    expect(await db.source.count()).toBe(DEFAULT_SOURCES.length);
    const titles = (await db.source.findMany({ select: { title: true } })).map((s) => s.title);
    expect(titles).toEqual(expect.arrayContaining(["TensorFlow Blog", "Wired AI", "The Verge AI", "Simon Willison Blog"]));

    await db.source.delete({ where: { slug: "wired-ai" } });
    expect(await seedDefaultSources(db)).toBe(0);
    expect(await db.source.findUnique({ where: { slug: "wired-ai" } })).toBeNull();
  });
});
