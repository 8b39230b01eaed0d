// Related coverage: quality of candidate scoring approaches on the fixture, and
// the cost of computeRelatedFor for 1,000 new articles against ~20,000.
//
//   TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx tests/bench/related.ts [--quality-only] [--keep]
//
// Creates and drops its own database on that server. Prints figures; asserts nothing.
import { randomBytes } from "node:crypto";
import { migrateDatabase } from "../../lib/db/migrate";
import { resetEnvCache } from "../../lib/env";
import { createDatabase, dropDatabase } from "../helpers/pg-admin";
import { insertRelatedFixture, judgeRelatedLists, type FixtureArticle } from "../fixtures/related/load";

const name = `readahead_bench_related_${randomBytes(3).toString("hex")}`;
const url = await createDatabase(name);
await migrateDatabase(url);
process.env.DATABASE_URL = url;
resetEnvCache();
const { db, pgPool } = await import("../../lib/db");
const { computeRelatedFor } = await import("../../lib/related/compute");
const { windowQuery } = await import("../../lib/related/load-docs");

type Lists = Map<number, number[]>;

function report(label: string, articles: FixtureArticle[], lists: Lists) {
  const r = judgeRelatedLists(articles, lists);
  console.log(
    `${label.padEnd(34)} top-k filled ${String(r.topKHits).padStart(3)}/${r.storyArticles} = ${r.topKPercent.toFixed(1).padStart(5)}%` +
      `   unrelated above same-story: ${r.orderViolations.length}   same-source: ${r.sameSourceViolations.length}`,
  );
}

async function listsFromSql(sql: string): Promise<Lists> {
  const rows = await db.$queryRawUnsafe<{ articleId: number; relatedId: number; score: number }[]>(sql);
  const out: Lists = new Map();
  for (const r of rows) {
    const l = out.get(r.articleId) ?? [];
    if (l.length < 8) l.push(r.relatedId);
    out.set(r.articleId, l);
  }
  return out;
}

// Candidates of another source within ±3 days, ranked by `score` (an SQL expression over a and c).
function pairSql(score: string, extraJoin = "true"): string {
  return `
    SELECT a.id AS "articleId", c.id AS "relatedId", (${score})::float8 AS score
    FROM articles a
    JOIN articles c ON c."sourceId" <> a."sourceId" AND c.id <> a.id
      AND c."publishedAt" BETWEEN a."publishedAt" - interval '3 days' AND a."publishedAt" + interval '3 days'
      AND ${extraJoin}
    ORDER BY a.id, score DESC, c.id`;
}

// Postgres full-text: the article's own lexemes OR'ed into a tsquery (GIN-indexable).
const ftsQuery = `(SELECT string_agg(quote_literal(l), ' | ')::tsquery FROM unnest(tsvector_to_array(a.search)) l)`;

async function measureQuality() {
  const articles = await insertRelatedFixture(db, "q");
  console.log(`quality fixture: ${articles.length} articles, ${articles.filter((a) => a.story).length} in multi-source stories`);

  let t = performance.now();
  await computeRelatedFor(
    pgPool,
    articles.map((a) => a.id),
  );
  const ms = performance.now() - t;
  const rows = await db.relatedArticle.findMany({ orderBy: [{ articleId: "asc" }, { score: "desc" }, { relatedId: "asc" }] });
  const tfidf: Lists = new Map();
  for (const r of rows) tfidf.set(r.articleId, [...(tfidf.get(r.articleId) ?? []), r.relatedId]);
  report(`TF-IDF cosine, TS (chosen) ${ms.toFixed(0)}ms`, articles, tfidf);

  t = performance.now();
  const fts = await listsFromSql(pairSql(`ts_rank(c.search, ${ftsQuery})`, `c.search @@ ${ftsQuery}`));
  report(`FTS ts_rank OR-query ${(performance.now() - t).toFixed(0)}ms`, articles, fts);
  t = performance.now();
  const ftsCd = await listsFromSql(pairSql(`ts_rank_cd(c.search, ${ftsQuery}, 1)`, `c.search @@ ${ftsQuery}`));
  report(`FTS ts_rank_cd/len ${(performance.now() - t).toFixed(0)}ms`, articles, ftsCd);
  // Symmetric overlap of lexeme sets (Jaccard), title and excerpt alike.
  t = performance.now();
  const jac = await listsFromSql(
    pairSql(`(SELECT count(*) FROM unnest(tsvector_to_array(a.search)) x WHERE x = ANY(tsvector_to_array(c.search)))::float8
      / NULLIF(cardinality(ARRAY(SELECT DISTINCT unnest(tsvector_to_array(a.search) || tsvector_to_array(c.search)))), 0)`),
  );
  report(`FTS lexeme Jaccard ${(performance.now() - t).toFixed(0)}ms`, articles, jac);

  try {
    await db.$executeRawUnsafe("CREATE EXTENSION IF NOT EXISTS pg_trgm");
    t = performance.now();
    const trgm = await listsFromSql(pairSql("similarity(a.title, c.title)"));
    report(`pg_trgm title similarity ${(performance.now() - t).toFixed(0)}ms`, articles, trgm);
    const trgm2 = await listsFromSql(pairSql("similarity(a.title || ' ' || a.excerpt, c.title || ' ' || c.excerpt)"));
    report("pg_trgm title+excerpt similarity", articles, trgm2);
  } catch (err) {
    console.log(`pg_trgm not available on this server (${(err as Error).message}); skipped`);
  }
  // Where the threshold sits: scores of same-story pairs against the best
  // unrelated candidates, with no threshold.
  await db.relatedArticle.deleteMany();
  await computeRelatedFor(
    pgPool,
    articles.map((a) => a.id),
    { minScore: 0.000001 },
  );
  const story = new Map(articles.map((a) => [a.id, a.story]));
  const all = await db.relatedArticle.findMany();
  const same = all.filter((r) => story.get(r.articleId) && story.get(r.articleId) === story.get(r.relatedId)).map((r) => r.score);
  const other = all.filter((r) => !(story.get(r.articleId) && story.get(r.articleId) === story.get(r.relatedId))).map((r) => r.score);
  same.sort((a, b) => a - b);
  other.sort((a, b) => b - a);
  console.log(
    `TF-IDF scores: same-story pairs min ${same[0]?.toFixed(3)}, median ${same[Math.floor(same.length / 2)]?.toFixed(3)}; ` +
      `other pairs max ${other[0]?.toFixed(3)}, 10th ${other[9]?.toFixed(3)}; other pairs >= 0.12: ${other.filter((s) => s >= 0.12).length} of ${other.length}`,
  );
  await db.relatedArticle.deleteMany();
}

// Synthetic corpus: Zipf-distributed vocabulary, and stories whose articles share
// a few rare words, so postings lists look like real news (a few huge, most tiny).
const VOCAB = Array.from({ length: 8000 }, (_, i) => `w${i.toString(36)}x`);
let seed = 42;
function rand(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}
function zipfWord(): string {
  return VOCAB[Math.floor(Math.pow(rand(), 2.5) * VOCAB.length)]!;
}
function sentence(n: number, story: string[]): string {
  const words = Array.from({ length: n }, () => (rand() < 0.25 ? story[Math.floor(rand() * story.length)]! : zipfWord()));
  return words.join(" ");
}

const sourceIds: number[] = [];

async function seedCorpus(total: number, sources: number, days: number, end: Date, prefix = "b"): Promise<number[]> {
  for (let i = 0; i < sources; i++) {
    const s = await db.source.create({ data: { slug: `bench-${i}`, title: `Bench ${i}`, feedUrl: `http://127.0.0.1/bench/${i}.xml` } });
    sourceIds.push(s.id);
  }
  const ids: number[] = [];
  const chunk = 2000;
  for (let start = 0; start < total; start += chunk) {
    const n = Math.min(chunk, total - start);
    const src: number[] = [], keys: string[] = [], titles: string[] = [], excerpts: string[] = [], dates: Date[] = [];
    for (let i = 0; i < n; i++) {
      const k = start + i;
      // Stories of about three articles each, published close together.
      const storySeed = Math.floor(k / 3);
      const story = Array.from({ length: 4 }, (_, w) => VOCAB[(storySeed * 7919 + w * 104_729) % VOCAB.length]!);
      src.push(sourceIds[Math.floor(rand() * sourceIds.length)]!);
      keys.push(`${prefix}${k}`);
      titles.push(sentence(9, story));
      excerpts.push(sentence(40, story));
      // Evenly spread over `days`, oldest first, so ids follow time like real ingest.
      dates.push(new Date(end.getTime() - (total - k) * ((days * 86_400_000) / total)));
    }
    const rows = await db.$queryRaw<{ id: number }[]>`
      INSERT INTO articles ("sourceId", "entryKey", title, excerpt, "publishedAt", "contentHash", "updatedAt")
      SELECT s, k, t, e, d, 'h', now() FROM unnest(${src}::int[], ${keys}::text[], ${titles}::text[], ${excerpts}::text[], ${dates}::timestamptz[]) AS x(s, k, t, e, d)
      RETURNING id`;
    ids.push(...rows.map((r) => r.id));
  }
  await db.$executeRawUnsafe("ANALYZE articles");
  return ids;
}

async function measureSpeed() {
  const end = new Date("2026-11-29T00:00:00Z");
  const total = 21_000;
  let t = performance.now();
  const ids = await seedCorpus(total, 200, 30, end);
  console.log(`\nseeded ${ids.length} synthetic articles over 30 days from 200 sources in ${(performance.now() - t).toFixed(0)} ms`);
  const newest = ids.slice(-1000);

  t = performance.now();
  const { pairs } = await computeRelatedFor(pgPool, newest);
  const coldMs = performance.now() - t;
  console.log(`computeRelatedFor(1,000 newest of ${total}): ${coldMs.toFixed(0)} ms, ${pairs} rows written`);
  t = performance.now();
  await computeRelatedFor(pgPool, newest);
  console.log(`  again (same ids, recompute): ${(performance.now() - t).toFixed(0)} ms`);
  const small = ids.slice(-10);
  t = performance.now();
  await computeRelatedFor(pgPool, small);
  console.log(`computeRelatedFor(10 newest, one poll's worth): ${(performance.now() - t).toFixed(0)} ms`);
  const spread = Array.from({ length: 1000 }, (_, i) => ids[Math.floor((i * ids.length) / 1000)]!);
  t = performance.now();
  await computeRelatedFor(pgPool, spread);
  console.log(`computeRelatedFor(1,000 spread over all 30 days, a cold backlog): ${(performance.now() - t).toFixed(0)} ms`);
  const rel = await db.relatedArticle.count();
  console.log(`related_articles rows: ${rel}`);

  // The alternative measured on the fixture, at this size: Postgres full-text,
  // each new article's lexemes OR'ed into a GIN query over its window.
  const ftsSql = `
    SELECT a.id AS "articleId", c.id AS "relatedId", c.rank AS score FROM articles a, LATERAL (
      SELECT c.id, ts_rank(c.search, q.q) AS rank
      FROM articles c, (SELECT string_agg(quote_literal(l), ' | ')::tsquery AS q FROM unnest(tsvector_to_array(a.search)) l) q
      WHERE c.search @@ q.q AND c."sourceId" <> a."sourceId"
        AND c."publishedAt" BETWEEN a."publishedAt" - interval '3 days' AND a."publishedAt" + interval '3 days'
      ORDER BY rank DESC LIMIT 8) c
    WHERE a.id = ANY($1::int[])`;
  t = performance.now();
  await db.$queryRawUnsafe(ftsSql, newest.slice(0, 100));
  console.log(`FTS OR-query alternative, top 8 for 100 of the newest (reads only): ${(performance.now() - t).toFixed(0)} ms`);
  const ftsPlan = await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN (ANALYZE, COSTS OFF) ${ftsSql}`, newest.slice(0, 1));
  console.log("EXPLAIN ANALYZE of that FTS alternative for one article:");
  for (const row of ftsPlan) console.log(`  ${row["QUERY PLAN"]}`);

  for (const [days, maxRows] of [[4.5, 40_000], [1.5, 40_000], [4.5, 2_000]] as const) {
    const from = new Date(end.getTime() - days * 86_400_000);
    const q = windowQuery([{ from, to: end, nearFrom: end, nearTo: end, maxRows }]);
    const { rows: plan } = await pgPool.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q.text}`, q.values);
    console.log(`\nEXPLAIN (ANALYZE, BUFFERS) of the candidate (window) query over ${days} days of the synthetic corpus, at most ${maxRows} rows:`);
    for (const row of plan) console.log(`  ${row["QUERY PLAN"]}`);
  }
  const readPlan = await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
    `EXPLAIN ANALYZE SELECT "relatedId", score FROM related_articles WHERE "articleId" = $1 ORDER BY score DESC LIMIT 5`,
    newest[0],
  );
  console.log("\nEXPLAIN ANALYZE of the page's read (top 5 of one article):");
  for (const row of readPlan) console.log(`  ${row["QUERY PLAN"]}`);

  // Cost grows with articles per window, not table size: a busier installation.
  const dense = 20_000;
  t = performance.now();
  const denseIds = await seedCorpus(dense, 0, 3, new Date(end.getTime() + 3_600_000), "dense");
  console.log(`\nseeded ${dense} more in the last 3 days (${(performance.now() - t).toFixed(0)} ms): a ~23,000-article window`);
  for (const n of [10, 10, 1000]) {
    t = performance.now();
    const r = await computeRelatedFor(pgPool, denseIds.slice(-n));
    console.log(`computeRelatedFor(${n} newest, dense window): ${(performance.now() - t).toFixed(0)} ms, ${r.pairs} rows`);
  }
}

try {
  await measureQuality();
  if (!process.argv.includes("--quality-only")) await measureSpeed();
} finally {
  await db.$disconnect();
  if (process.argv.includes("--keep")) console.log(`kept database ${name}`);
  else await dropDatabase(name);
}
