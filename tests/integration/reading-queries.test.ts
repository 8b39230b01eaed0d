import { beforeAll, describe, expect, it } from "vitest";
import { db, pgPool } from "../../lib/db";
import { getArticle, listRelatedArticles } from "../../lib/articles/article-queries";
import { listHotArticles, listNewestArticles, listSourceArticles, listTagArticles, listTopArticles, tagExists } from "../../lib/articles/queries";
import { computeHotRank } from "../../lib/ranking/hot";
import { refreshHotRank, refreshHotRanks } from "../../lib/ranking/refresh";
import { searchArticles } from "../../lib/search/queries";
import { HIGHLIGHT_START, HIGHLIGHT_STOP } from "../../lib/search/highlight";
import { getSourceBySlug, listSourcesWithCounts } from "../../lib/sources/queries";

const NOW = new Date();
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);
let srcA: number, srcB: number;

async function addArticle(sourceId: number, key: string, title: string, publishedAt: Date, extra: Record<string, unknown> = {}) {
  return db.article.create({ data: { sourceId, entryKey: key, title, excerpt: `${title} excerpt`, publishedAt, contentHash: key, ...extra } });
}

beforeAll(async () => {
  srcA = (await db.source.create({ data: { slug: "alpha", title: "Alpha News", feedUrl: "http://127.0.0.1:9/a.xml", lastSuccessAt: NOW } })).id;
  srcB = (await db.source.create({ data: { slug: "beta", title: "Beta Blog", feedUrl: "http://127.0.0.1:9/b.xml" } })).id;
  for (let i = 0; i < 45; i++) await addArticle(i % 2 ? srcA : srcB, `bulk-${i}`, `Bulk story number ${i}`, hoursAgo(i + 1), { score: i % 7 });
});

describe("list pagination", () => {
  it("walks /new page by page with no repeats or gaps while new articles arrive", async () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listNewestArticles(cursor, 10);
      seen.push(...page.items.map((i) => i.id));
      // A new article arrives between page loads: it must not shift what follows.
      await addArticle(srcA, `late-${pages}`, `Late arrival ${pages}`, new Date());
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 20);
    expect(new Set(seen).size).toBe(seen.length);
    const bulk = await db.article.findMany({ where: { entryKey: { startsWith: "bulk-" } }, select: { id: true } });
    for (const b of bulk) expect(seen).toContain(b.id);
  });

  it("rejects a mangled cursor and serves the first page", async () => {
    const page = await listNewestArticles("garbage!!", 5);
    expect(page.cursorRejected).toBe(true);
    expect(page.items).toHaveLength(5);
  });

  it("pages hot and top without repeats", async () => {
    await refreshHotRanks(pgPool);
    for (const fetchPage of [(c?: string) => listHotArticles(c, 7), (c?: string) => listTopArticles("all", c, 7)]) {
      const seen: number[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 20; i++) {
        const p = await fetchPage(cursor);
        seen.push(...p.items.map((x) => x.id));
        if (!p.nextCursor) break;
        cursor = p.nextCursor;
      }
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBeGreaterThanOrEqual(45);
    }
  });

  it("orders top by score and limits it to the period", async () => {
    const day = await listTopArticles("day", undefined, 100);
    expect(day.items.every((i) => i.publishedAt.getTime() >= NOW.getTime() - 24 * 3_600_000 - 60_000)).toBe(true);
    const scores = day.items.map((i) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });
});

describe("hot rank", () => {
  it("the SQL refresh agrees with computeHotRank and orders the front page", async () => {
    const fresh = await addArticle(srcA, "hot-fresh", "Fresh unvoted", hoursAgo(0.5));
    const voted = await addArticle(srcB, "hot-voted", "Day old, many votes", hoursAgo(24), { score: 300 });
    const updated = await refreshHotRanks(pgPool, { now: NOW });
    expect(updated).toBeGreaterThan(45);
    const rows = await db.article.findMany({ where: { id: { in: [fresh.id, voted.id] } } });
    for (const r of rows) expect(r.hotRank).toBeCloseTo(computeHotRank(r.score, r.publishedAt, NOW), 9);
    const front = await listHotArticles(undefined, 3);
    expect(front.items[0]!.id).toBe(voted.id);
  });

  it("refreshHotRank updates one article after a vote", async () => {
    const a = await addArticle(srcA, "hot-one", "One article", hoursAgo(2));
    await db.article.update({ where: { id: a.id }, data: { score: 9 } });
    expect(await refreshHotRank(pgPool, a.id, NOW)).toBe(1);
    const row = await db.article.findUniqueOrThrow({ where: { id: a.id } });
    expect(row.hotRank).toBeCloseTo(computeHotRank(9, a.publishedAt, NOW), 9);
    expect(await refreshHotRank(pgPool, 999_999, NOW)).toBe(0);
  });

  it("leaves articles older than the window alone", async () => {
    const old = await addArticle(srcA, "hot-old", "Ancient", hoursAgo(24 * 40), { hotRank: 0.5 });
    await refreshHotRanks(pgPool, { now: NOW });
    expect((await db.article.findUniqueOrThrow({ where: { id: old.id } })).hotRank).toBe(0.5);
  });
});

describe("duplicates, tags, sources, related", () => {
  it("hides duplicates from lists and credits the other source on both", async () => {
    const url = "https://example.org/same-story";
    const first = await addArticle(srcA, "dup-1", "Same story via Alpha", hoursAgo(0.1), { canonicalUrl: url });
    const second = await addArticle(srcB, "dup-2", "Same story via Beta", hoursAgo(0.1), { canonicalUrl: url, duplicateOfId: first.id });
    const newest = await listNewestArticles(undefined, 100);
    expect(newest.items.map((i) => i.id)).toContain(first.id);
    expect(newest.items.map((i) => i.id)).not.toContain(second.id);
    expect(newest.items.find((i) => i.id === first.id)!.alsoOn).toEqual(["Beta Blog"]);
    expect((await getArticle(first.id))!.alsoOn.map((o) => o.title)).toEqual(["Beta Blog"]);
    expect((await getArticle(second.id))!.alsoOn.map((o) => o.title)).toEqual(["Alpha News"]);
    // On its own source's page the duplicate still shows.
    expect((await listSourceArticles(srcB, undefined, 100)).items.map((i) => i.id)).toContain(second.id);
  });

  it("indexes a duplicate for search only once it becomes a primary (its primary deleted)", async () => {
    const url = "https://example.org/promoted-story";
    const first = await addArticle(srcA, "promo-1", "Zanzibar lighthouse restored", hoursAgo(0.2), { canonicalUrl: url });
    const second = await addArticle(srcB, "promo-2", "Zanzibar lighthouse restored", hoursAgo(0.2), { canonicalUrl: url, duplicateOfId: first.id });
    const vector = async (id: number) =>
      (await db.$queryRaw<{ v: string | null }[]>`SELECT search::text AS v FROM articles WHERE id = ${id}`)[0]!.v;
    expect(await vector(first.id)).toContain("zanzibar");
    expect(await vector(second.id)).toBeNull(); // a duplicate carries no vector
    expect((await searchArticles("zanzibar lighthouse")).hits.map((h) => h.id)).toEqual([first.id]);

    await db.article.delete({ where: { id: first.id } }); // ON DELETE SET NULL promotes the duplicate
    expect((await db.article.findUniqueOrThrow({ where: { id: second.id } })).duplicateOfId).toBeNull();
    expect(await vector(second.id)).toContain("zanzibar");
    expect((await searchArticles("zanzibar lighthouse")).hits.map((h) => h.id)).toEqual([second.id]);
  });

  it("lists a tag's articles and returns null for unknown articles", async () => {
    const a = await addArticle(srcA, "tagged", "Tagged piece", hoursAgo(1), { tags: ["coding", "ml"] });
    const b = await addArticle(srcB, "tagged-2", "Tagged later", hoursAgo(2), { tags: ["coding"] });
    // a duplicate carrying the tag is not listed under it
    await addArticle(srcB, "tagged-dup", "Tagged piece", hoursAgo(1), { tags: ["coding"], duplicateOfId: a.id });
    const page = await listTagArticles("coding");
    expect(page.items.map((i) => i.id)).toEqual([b.id, a.id].sort((x, y) => y - x));
    expect(page.items.find((i) => i.id === a.id)!.tags).toEqual(["coding", "ml"]);
    expect(await tagExists("coding")).toBe(true);
    expect(await tagExists("nope")).toBe(false);
    expect((await listTagArticles("nope")).items).toEqual([]);
    const firstOnly = await listTagArticles("coding", undefined, 1);
    expect((await listTagArticles("coding", firstOnly.nextCursor!, 1)).items.map((i) => i.id)).toEqual([Math.min(a.id, b.id)]);
    expect(await getArticle(987654)).toBeNull();
    expect(await getArticle(-1)).toBeNull();
  });

  it("finds a rare tag's articles behind more than the dense window of newer untagged ones", async () => {
    const old = await addArticle(srcA, "rare-old", "Rarely tagged", hoursAgo(300), { tags: ["zzrare"] });
    await db.$executeRaw`INSERT INTO articles ("sourceId", "entryKey", title, "publishedAt", "contentHash", "updatedAt")
      SELECT ${srcB}, 'untagged-' || g, 'Untagged ' || g, now(), 'h', now() FROM generate_series(1, 2100) g`;
    expect((await listTagArticles("zzrare")).items.map((i) => i.id)).toEqual([old.id]);
    expect(await tagExists("zzrare")).toBe(true);
  });

  it("reads related items by score, from other sources only", async () => {
    const base = await addArticle(srcA, "rel-base", "Base", hoursAgo(1));
    const r1 = await addArticle(srcB, "rel-1", "Related one", hoursAgo(2));
    const r2 = await addArticle(srcB, "rel-2", "Related two", hoursAgo(3));
    const same = await addArticle(srcA, "rel-same", "Same source", hoursAgo(3));
    await db.relatedArticle.createMany({
      data: [
        { articleId: base.id, relatedId: r1.id, score: 0.2 },
        { articleId: base.id, relatedId: r2.id, score: 0.9 },
        { articleId: base.id, relatedId: same.id, score: 1 },
      ],
    });
    const rel = await listRelatedArticles(base.id, srcA);
    expect(rel.map((r) => r.id)).toEqual([r2.id, r1.id]);
    expect(rel[0]!.source.title).toBe("Beta Blog");
  });

  it("summarises sources with counts and health", async () => {
    const all = await listSourcesWithCounts();
    expect(all.map((s) => s.slug)).toEqual(["alpha", "beta"]);
    expect(all[0]!.articleCount).toBeGreaterThan(20);
    expect((await getSourceBySlug("beta"))!.title).toBe("Beta Blog");
    expect(await getSourceBySlug("missing")).toBeNull();
  });
});

describe("search", () => {
  beforeAll(async () => {
    await addArticle(srcA, "s-1", "Rocket engines for machine learning systems", hoursAgo(5), { excerpt: "How ML systems engineering builds the engines." });
    await addArticle(srcB, "s-2", "Gardening tips", hoursAgo(5), { excerpt: "Nothing about machine learning here except this mention of systems." });
    await addArticle(srcB, "s-3", "Tricky <script>alert(1)</script> systems title", hoursAgo(5), { excerpt: "markup stays text" });
  });

  it("ranks title matches over excerpt matches and marks the matched words", async () => {
    const r = await searchArticles("machine learning systems");
    expect(r.hits.map((h) => h.title)).toEqual(["Rocket engines for machine learning systems", "Gardening tips"]);
    expect(r.hits[0]!.titleMarked).toContain(`${HIGHLIGHT_START}machine${HIGHLIGHT_STOP}`);
    expect(r.hits[1]!.excerptMarked).toContain(`${HIGHLIGHT_START}learning${HIGHLIGHT_STOP}`);
  });

  it("understands websearch syntax: phrases and exclusions", async () => {
    expect((await searchArticles('"rocket engines"')).hits).toHaveLength(1);
    expect((await searchArticles("machine -gardening")).hits.map((h) => h.title)).toEqual(["Rocket engines for machine learning systems"]);
  });

  it("keeps markup in titles as text and copes with stopword-only and odd queries", async () => {
    const r = await searchArticles("tricky");
    expect(r.hits[0]!.titleMarked).toContain("<script>");
    expect((await searchArticles("the and of")).hits).toEqual([]);
    expect((await searchArticles(`"unbalanced ' -- ) (`)).hits).toEqual([]);
  });
});
