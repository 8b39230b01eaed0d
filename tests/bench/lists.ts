/**
 * The member and search lists at scale (lib/articles/list-page.ts): my feed, saved,
 * search and a member's comments, first page and a deep page, on LISTS_BENCH_ARTICLES
 * articles (default 1,000,000, seeded as bench:pages seeds them). Prints each query's
 * median and p95 over RUNS calls through the lib functions, and its EXPLAIN ANALYZE,
 * so a plan that stops walking an index shows. Never asserts times.
 *
 * Run it under the e2e lock (it shares the machine's two cores with the tests):
 *   flock /tmp/readahead-e2e.lock npx tsx tests/bench/lists.ts
 */
import pg from "pg";
import { createBenchDatabase } from "./bench-db";
import { finishSeed, seedArticles, seedBase } from "./pages-seed";

const ARTICLES = Number(process.env.LISTS_BENCH_ARTICLES ?? 1_000_000);
const RUNS = 20;
const BATCH = 100_000;

const bench = await createBenchDatabase(`readahead_bench_lists_${process.pid}`);
const c = new pg.Client({ connectionString: bench.url });
await c.connect();
try {
  const t0 = Date.now();
  await seedBase(c);
  for (let lo = 1; lo <= ARTICLES; lo += BATCH) await seedArticles(c, lo, Math.min(ARTICLES, lo + BATCH - 1));
  // The reader: follows 10 sources (a few thousand articles) and 200 (a tenth of them),
  // has saved 5,000 articles and written 5,000 comments.
  await c.query(`INSERT INTO users (id, handle, "updatedAt") VALUES ('reader10', 'reader10', now()), ('reader200', 'reader200', now())`);
  await c.query(`INSERT INTO subscriptions ("userId", "sourceId") SELECT 'reader10', g * 97 FROM generate_series(1, 10) g`);
  await c.query(`INSERT INTO subscriptions ("userId", "sourceId") SELECT 'reader200', g * 10 FROM generate_series(1, 200) g`);
  await c.query(`INSERT INTO saved_articles ("userId", "articleId", "createdAt")
    SELECT 'reader10', g * 37 % ${ARTICLES} + 1, (now() AT TIME ZONE 'UTC') - make_interval(secs => g) FROM generate_series(1, 5000) g ON CONFLICT DO NOTHING`);
  await c.query(`INSERT INTO comments ("articleId", "userId", body, "bodyHtml", "createdAt")
    SELECT g * 41 % ${ARTICLES} + 1, 'reader10', 'c' || g, '<p>c' || g || '</p>', (now() AT TIME ZONE 'UTC') - make_interval(secs => g) FROM generate_series(1, 5000) g`);
  await finishSeed(c, ARTICLES);
  console.log(`seeded ${ARTICLES.toLocaleString("en")} articles in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

  process.env.DATABASE_URL = bench.url;
  const { db } = await import("../../lib/db");
  const { listFeedArticles } = await import("../../lib/subscriptions/queries");
  const { listSavedArticles } = await import("../../lib/saved/queries");
  const { searchArticles } = await import("../../lib/search/queries");
  const { listMemberComments } = await import("../../lib/comments/queries");

  // The statements the lib functions send, caught on their way to the database, to EXPLAIN.
  let caught: { sql: string; values: unknown[] } | null = null;
  const queryRaw = db.$queryRaw.bind(db);
  (db as unknown as { $queryRaw: unknown }).$queryRaw = (q: { text: string; values: unknown[] }, ...rest: unknown[]) => {
    caught = { sql: q.text, values: q.values };
    return (queryRaw as (...a: unknown[]) => unknown)(q, ...rest);
  };

  type Load = (cursor?: string) => Promise<{ nextCursor: string | null }>;
  const lists: [string, Load, number][] = [
    ["feed, 10 sources", (cur) => listFeedArticles("reader10", cur), 20],
    ["feed, 200 sources", (cur) => listFeedArticles("reader200", cur), 20],
    ["saved, 5,000", (cur) => listSavedArticles("reader10", cur), 20],
    ["search 'quantum rocket'", (cur) => searchArticles("quantum rocket", cur), 20],
    ["search 'Story 12345'", (cur) => searchArticles("story 12345", cur), 0],
    ["member comments, 5,000", (cur) => listMemberComments("reader10", cur), 20],
  ];
  const summary: Record<string, { first_p50_ms: number; deep_p50_ms: number | null }> = {};
  for (const [name, load, deepPage] of lists) {
    // A deep page's cursor: walk there once.
    let deep: string | undefined;
    for (let i = 0; i < deepPage; i++) {
      const p = await load(deep);
      if (!p.nextCursor) break;
      deep = p.nextCursor;
    }
    const row: { first_p50_ms: number; deep_p50_ms: number | null } = { first_p50_ms: 0, deep_p50_ms: null };
    for (const [label, cursor] of [["first", undefined], ["deep", deep]] as const) {
      if (label === "deep" && !cursor) continue;
      const ms: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        await load(cursor);
        ms.push(performance.now() - t);
      }
      ms.sort((a, b) => a - b);
      const p50 = ms[Math.floor(RUNS / 2)]!;
      console.log(`${name.padEnd(26)} ${label === "first" ? "page 1 " : `page ${deepPage + 1}`.padEnd(7)}  p50 ${p50.toFixed(1)} ms  p95 ${ms[Math.floor(RUNS * 0.95)]!.toFixed(1)} ms`);
      if (label === "first") row.first_p50_ms = Math.round(p50 * 10) / 10;
      else row.deep_p50_ms = Math.round(p50 * 10) / 10;
      const q = caught as { sql: string; values: unknown[] } | null;
      if (q && (label === "deep" || !deep)) {
        const plan = await c.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.values);
        console.log(`-- EXPLAIN ANALYZE: ${name}, ${label} page`);
        for (const r of plan.rows) console.log(r["QUERY PLAN"]);
        console.log();
      }
    }
    summary[name] = row;
  }
  await db.$disconnect();
  console.log(JSON.stringify({ articles: ARTICLES, lists: summary }));
} finally {
  await c.end();
  await bench.drop();
}
