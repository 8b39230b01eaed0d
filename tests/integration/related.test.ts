// computeRelatedFor against a real database: duplicates, sources, the window,
// list limits in both directions, changed articles and bad input.
// Each test works in its own month, so the ±3-day windows never overlap.
import { describe, expect, it } from "vitest";
import { db, pgPool } from "../../lib/db";
import { computeRelatedFor } from "../../lib/related/compute";

let seq = 0;
const DAY_MS = 86_400_000;

async function makeSources(n: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = await db.source.create({ data: { slug: `rs-${++seq}`, title: `S${seq}`, feedUrl: `http://127.0.0.1/rs/${seq}.xml` } });
    ids.push(s.id);
  }
  return ids;
}

async function makeArticle(sourceId: number, title: string, excerpt: string, at: Date, extra: { canonicalUrl?: string; duplicateOfId?: number } = {}) {
  const a = await db.article.create({
    data: { sourceId, entryKey: `e-${++seq}`, title, excerpt, publishedAt: at, contentHash: `h${seq}`, ...extra },
  });
  return a.id;
}

async function listOf(articleId: number): Promise<number[]> {
  const rows = await db.relatedArticle.findMany({ where: { articleId }, orderBy: [{ score: "desc" }, { relatedId: "asc" }] });
  return rows.map((r) => r.relatedId);
}

const GPT = ["OpenAI unveils GPT-5 with a bigger memory", "The company says GPT-5 can hold whole codebases in context and hallucinates less."] as const;
const GPT2 = ["GPT-5 is here: what OpenAI's new model can do", "OpenAI released GPT-5 with better reasoning and longer context for ChatGPT."] as const;
const GPT3 = ["OpenAI launches GPT-5 as rivals race", "Sam Altman called GPT-5 a step towards reliable assistants with long context."] as const;

describe("computeRelatedFor", () => {
  it("lists the same story from other sources in both directions", async () => {
    const [x, y] = await makeSources(2);
    const at = new Date("2026-01-10T10:00:00Z");
    const a = await makeArticle(x!, ...GPT, at);
    const b = await makeArticle(y!, ...GPT2, new Date(at.getTime() + 3_600_000));
    const noise = await makeArticle(y!, "Heatwave sends European electricity prices to record highs", "Grid operators warned of strain.", at);
    const { pairs } = await computeRelatedFor(pgPool, [a, b, noise]);
    expect(pairs).toBeGreaterThanOrEqual(2);
    expect(await listOf(a)).toEqual([b]);
    expect(await listOf(b)).toEqual([a]);
    expect(await listOf(noise)).toEqual([]);
    const both = await db.relatedArticle.findMany({ where: { articleId: { in: [a, b] } } });
    expect(new Set(both.map((r) => r.score)).size).toBe(1);
  });

  it("never lists the same URL seen through another source, and collapses candidates to their primary", async () => {
    const [x, y, z] = await makeSources(3);
    const at = new Date("2026-02-10T10:00:00Z");
    const url = "https://openai.example/gpt-5";
    const primary = await makeArticle(x!, ...GPT, at, { canonicalUrl: url });
    const dup = await makeArticle(y!, ...GPT, new Date(at.getTime() + 600_000), { canonicalUrl: url, duplicateOfId: primary });
    const other = await makeArticle(z!, ...GPT2, new Date(at.getTime() + 3_600_000));
    await computeRelatedFor(pgPool, [primary, dup, other]);
    expect(await listOf(primary)).toEqual([other]);
    expect(await listOf(dup)).toEqual([other]);
    // The duplicate scores as high as its primary, but lists show the primary once.
    expect(await listOf(other)).toEqual([primary]);
  });

  it("offers a duplicate's primary, not the duplicate, to existing lists", async () => {
    const [x, y, z] = await makeSources(3);
    const at = new Date("2026-03-10T10:00:00Z");
    const url = "https://openai.example/gpt-5-b";
    const primary = await makeArticle(x!, ...GPT, at, { canonicalUrl: url });
    const other = await makeArticle(z!, ...GPT2, new Date(at.getTime() + 3_600_000));
    await computeRelatedFor(pgPool, [primary, other]);
    const dup = await makeArticle(y!, ...GPT, new Date(at.getTime() + 7_200_000), { canonicalUrl: url, duplicateOfId: primary });
    await computeRelatedFor(pgPool, [dup]);
    expect(await listOf(other)).toEqual([primary]);
    expect(await listOf(dup)).toEqual([other]);
  });

  it("never lists articles from the article's own source", async () => {
    const [x, y] = await makeSources(2);
    const at = new Date("2026-04-10T10:00:00Z");
    const a = await makeArticle(x!, ...GPT, at);
    const sameSource = await makeArticle(x!, ...GPT2, at);
    const otherSource = await makeArticle(y!, ...GPT3, at);
    await computeRelatedFor(pgPool, [a, sameSource, otherSource]);
    expect(await listOf(a)).toEqual([otherSource]);
    expect(await listOf(sameSource)).toEqual([otherSource]);
    expect((await listOf(otherSource)).sort()).toEqual([a, sameSource].sort());
  });

  it("only pairs articles published within the window", async () => {
    const [x, y] = await makeSources(2);
    const at = new Date("2026-05-10T10:00:00Z");
    const a = await makeArticle(x!, ...GPT, at);
    const late = await makeArticle(y!, ...GPT2, new Date(at.getTime() + 5 * DAY_MS));
    await computeRelatedFor(pgPool, [a, late]);
    expect(await listOf(a)).toEqual([]);
    await computeRelatedFor(pgPool, [a, late], { windowDays: 7 });
    expect(await listOf(a)).toEqual([late]);
    expect(await listOf(late)).toEqual([a]);
  });

  it("keeps an existing article's list to maxPerArticle, replacing its weakest entry with a stronger newcomer", async () => {
    const [x, y, z, w] = await makeSources(4);
    const at = new Date("2026-06-10T10:00:00Z");
    const old = await makeArticle(x!, ...GPT, at);
    const weak = await makeArticle(y!, "GPT-5 pricing leaks ahead of launch", "Developers say OpenAI will charge less for GPT-5 API access.", at);
    const weaker = await makeArticle(z!, "OpenAI hires a new hardware chief", "OpenAI keeps expanding its devices team with long-term memory research.", at);
    await computeRelatedFor(pgPool, [old, weak, weaker], { maxPerArticle: 2 });
    const before = await listOf(old);
    expect(before).toEqual([weak, weaker]);
    const strong = await makeArticle(w!, ...GPT2, new Date(at.getTime() + 3_600_000));
    await computeRelatedFor(pgPool, [strong], { maxPerArticle: 2 });
    const after = await listOf(old);
    expect(after).toHaveLength(2);
    expect(after[0]).toBe(strong);
    expect(after[1]).toBe(before[0]);
  });

  it("removes stale pairs in both directions when a changed article is recomputed", async () => {
    const [x, y] = await makeSources(2);
    const at = new Date("2026-07-10T10:00:00Z");
    const a = await makeArticle(x!, ...GPT, at);
    const b = await makeArticle(y!, ...GPT2, at);
    await computeRelatedFor(pgPool, [a, b]);
    expect(await listOf(b)).toEqual([a]);
    await db.article.update({ where: { id: a }, data: { title: "Wildlife populations fell by 73%", excerpt: "The Living Planet Report on freshwater species." } });
    await computeRelatedFor(pgPool, [a]);
    expect(await listOf(a)).toEqual([]);
    expect(await listOf(b)).toEqual([]);
  });

  it("lets two polls compute overlapping batches at once", async () => {
    const [x, y, z] = await makeSources(3);
    const at = new Date("2026-09-10T10:00:00Z");
    const a = await makeArticle(x!, ...GPT, at);
    const b = await makeArticle(y!, ...GPT2, at);
    const c = await makeArticle(z!, ...GPT3, at);
    const results = await Promise.all([computeRelatedFor(pgPool, [a, b]), computeRelatedFor(pgPool, [b, c]), computeRelatedFor(pgPool, [c, a])]);
    for (const r of results) expect(r.pairs).toBeGreaterThan(0);
    expect((await listOf(a)).sort()).toEqual([b, c].sort());
    expect((await listOf(b)).sort()).toEqual([a, c].sort());
    expect((await listOf(c)).sort()).toEqual([a, b].sort());
  });

  it("computes a backlog spread over many time groups in one call, each against its own window", async () => {
    const [x, y] = await makeSources(2);
    // Twelve months of 2027, one story told twice in each: twelve groups, more than
    // one windows query takes at first.
    const pairs: [number, number][] = [];
    for (let m = 0; m < 12; m++) {
      const at = new Date(Date.UTC(2027, m, 10, 10));
      pairs.push([await makeArticle(x!, ...GPT, at), await makeArticle(y!, ...GPT2, new Date(at.getTime() + 3_600_000))]);
    }
    // Only the first of each pair is in the batch: the second must come from its month's window.
    await computeRelatedFor(pgPool, pairs.map(([a]) => a));
    for (const [a, b] of pairs) {
      expect(await listOf(a)).toEqual([b]);
      expect(await listOf(b)).toEqual([a]);
    }
  });

  it("scores only the maxCandidates articles nearest in time when a window holds more", async () => {
    const [x, y, z, w] = await makeSources(4);
    const at = new Date("2026-10-10T10:00:00Z");
    const HOUR = 3_600_000;
    const target = await makeArticle(x!, ...GPT, at);
    const near = await makeArticle(y!, ...GPT2, new Date(at.getTime() + HOUR));
    const far = await makeArticle(z!, ...GPT3, new Date(at.getTime() - 2 * DAY_MS));
    // Three fillers: the backward scan (maxCandidates + 1 rows) still reaches the far
    // story, so it is the nearest-first trim that leaves it out.
    const fillers = ["Heatwave sends electricity prices to records", "Central bank holds rates", "Storm closes ports"];
    for (const [i, title] of fillers.entries()) await makeArticle(w!, title, "Nothing about language models here.", new Date(at.getTime() - (i + 1) * HOUR));
    // The target, the near story and the fillers are the 4 nearest: the story told 2 days earlier is not scored.
    await computeRelatedFor(pgPool, [target], { maxCandidates: 4 });
    expect(await listOf(target)).toEqual([near]);
    await computeRelatedFor(pgPool, [target]);
    expect((await listOf(target)).sort()).toEqual([near, far].sort());
    await expect(computeRelatedFor(pgPool, [target], { maxCandidates: 0 })).rejects.toThrow(/maxCandidates/);
  });

  it("returns zero pairs for no ids or unknown ids, and rejects bad input without touching stored pairs", async () => {
    const [x, y] = await makeSources(2);
    const at = new Date("2026-08-10T10:00:00Z");
    const a = await makeArticle(x!, ...GPT, at);
    const b = await makeArticle(y!, ...GPT2, at);
    await computeRelatedFor(pgPool, [a, b]);
    const before = await db.relatedArticle.count();
    expect(await computeRelatedFor(pgPool, [])).toEqual({ pairs: 0 });
    expect(await computeRelatedFor(pgPool, [2_000_000_000])).toEqual({ pairs: 0 });
    await expect(computeRelatedFor(pgPool, [a, 1.5])).rejects.toThrow(/1.5 is not an article id/);
    await expect(computeRelatedFor(pgPool, [a, -1])).rejects.toThrow(/-1 is not an article id/);
    await expect(computeRelatedFor(pgPool, "1" as unknown as number[])).rejects.toThrow(/must be an array/);
    await expect(computeRelatedFor(pgPool, [a], { windowDays: 0 })).rejects.toThrow(/windowDays/);
    await expect(computeRelatedFor(pgPool, [a], { maxPerArticle: 0 })).rejects.toThrow(/maxPerArticle/);
    expect(await db.relatedArticle.count()).toBe(before);
    expect(await listOf(a)).toEqual([b]);
  });
});
