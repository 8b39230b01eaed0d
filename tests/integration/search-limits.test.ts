// Search is the one page whose cost a visitor chooses: these are the limits that
// keep a few visitors from holding the web app's database pool with it.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { chargeSearch } from "../../lib/search/limit";
import { searchArticles } from "../../lib/search/queries";
import { SEARCH_PER_ADDRESS } from "../../lib/rate-limit/policies";

beforeAll(async () => {
  const src = await db.source.create({ data: { slug: "limits", title: "Limits", feedUrl: "http://127.0.0.1:9/limits.xml" } });
  for (let i = 0; i < 5; i++) {
    await db.article.create({
      data: { sourceId: src.id, entryKey: `l-${i}`, title: `Lighthouse keeper ${i}`, excerpt: "A story about foghorns.", publishedAt: new Date(), contentHash: `l-${i}` },
    });
  }
});

describe("queries the search index cannot narrow", () => {
  it("are refused with a reason instead of ranking every article", async () => {
    for (const q of ["-lighthouse", "-foo -bar", "foghorns OR -keeper"]) {
      const r = await searchArticles(q);
      expect(r.unanswered, q).toBe("needs-a-word");
      expect(r.hits, q).toEqual([]);
    }
  });

  it("still answer when a positive word narrows them", async () => {
    const r = await searchArticles("lighthouse -foo");
    expect(r.unanswered).toBeUndefined();
    expect(r.hits).toHaveLength(5);
  });
});

describe("the per-address search limit", () => {
  it("refuses an address past its limit, says how long to wait, and leaves other addresses alone", async () => {
    const decisions = [];
    for (let i = 0; i < SEARCH_PER_ADDRESS.limit; i++) decisions.push(await chargeSearch("203.0.113.7"));
    expect(decisions.every((d) => d.allowed)).toBe(true);
    const refused = await chargeSearch("203.0.113.7");
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSec).toBeGreaterThan(0);
    expect(refused.retryAfterSec).toBeLessThanOrEqual(SEARCH_PER_ADDRESS.windowSec);
    expect((await chargeSearch("198.51.100.4")).allowed).toBe(true);
  });
});
