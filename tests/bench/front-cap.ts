/**
 * The front page's source cap at scale (`npm run bench:front-cap`, under the
 * e2e lock): seeds BENCH_ARTICLES (default 1,000,000) synthetic articles as
 * bench:pages does, then makes one source a flood (FLOOD_SHARE of the newest two weeks,
 * default 30%), and prints: the worker's placement pass (time, keys written, heap),
 * the first page's query (median of 20, uncapped hot order vs the capped front page,
 * and their EXPLAIN plans), a deep page's query, the cap measured over the first
 * 3,000 entries, and a JSON summary as the last line. Never asserts times.
 */
import pg from "pg";
import type { Prisma } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { HOT_RANK_SQL } from "../../lib/ranking/refresh";
import { createBenchDatabase } from "./bench-db";
import { finishSeed, seedArticles, seedBase } from "./pages-seed";

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 1_000_000);
const FLOOD_SHARE = Number(process.env.FLOOD_SHARE ?? 0.3);
const CHUNK = 100_000;
// pages-seed publishes one article every 30 s: the hot-rank window (14 days) holds this many.
const LIVE = 14 * 24 * 120;

async function medianMs(c: pg.Client, sql: Prisma.Sql, runs = 20): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await c.query(sql.text, sql.values);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

async function main(): Promise<void> {
  const db = await createBenchDatabase("readahead_bench_front_cap");
  // lib/db makes its pool for DATABASE_URL when first imported: set it, then import.
  process.env.DATABASE_URL = db.url;
  resetEnvCache();
  const { frontFirstPageSql, listFrontArticles } = await import("../../lib/articles/front");
  const { refreshFrontPlacement } = await import("../../lib/articles/front-refresh");
  const { hotFirstPageSql } = await import("../../lib/articles/queries");
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    await seedBase(c);
    for (let lo = 1; lo <= ARTICLES; lo += CHUNK) await seedArticles(c, lo, Math.min(ARTICLES, lo + CHUNK - 1));
    // The flood: source 1 takes FLOOD_SHARE of the live window's articles (a deterministic spread).
    await c.query(`UPDATE articles SET "sourceId" = 1 WHERE id <= ${LIVE} AND (id * 7919) % 1000 < ${Math.round(FLOOD_SHARE * 1000)}`);
    await finishSeed(c, ARTICLES);
    // finishSeed ranks the last 14 days only and leaves older articles tied at 0; in a
    // real database every article was ranked at insert and froze at its last refresh, so
    // ranks are distinct. Rank them all (as of now), as a long-running site has them.
    await c.query(`UPDATE articles SET "hotRank" = ${HOT_RANK_SQL}`, [new Date()]);
    await c.query("VACUUM ANALYZE articles");
    console.log(`seeded ${ARTICLES.toLocaleString("en")} articles; source 1 floods ${Math.round(FLOOD_SHARE * 100)}% of the newest ${LIVE.toLocaleString("en")}`);

    const hotMs = await medianMs(c, hotFirstPageSql());
    const uncappedFrontMs = await medianMs(c, frontFirstPageSql());
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    const heapBefore = process.memoryUsage().heapUsed;
    // The heap's high mark during the pass (garbage included: an upper bound on what it holds).
    let heapPeak = heapBefore;
    const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 20);
    const t = performance.now();
    const pass = await refreshFrontPlacement(pool);
    const passMs = performance.now() - t;
    clearInterval(sampler);
    const t2 = performance.now();
    const again = await refreshFrontPlacement(pool);
    const secondPassMs = performance.now() - t2;
    await pool.end();
    await c.query("VACUUM ANALYZE articles");
    const frontMs = await medianMs(c, frontFirstPageSql());

    // The cap over the first 100 pages (3,000 entries), through the page's own query.
    const ids: number[] = [];
    let cursor: string | undefined;
    const tDeep = performance.now();
    for (let p = 0; p < 100; p++) {
      const page = await listFrontArticles(cursor);
      ids.push(...page.items.map((i) => i.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const pageMs = (performance.now() - tDeep) / 100;
    const src = await c.query<{ id: number; sourceId: number }>(`SELECT id, "sourceId" FROM articles WHERE id = ANY($1::int[])`, [ids]);
    const sourceOf = new Map(src.rows.map((r) => [r.id, r.sourceId]));
    let worst = 0;
    for (let i = 0; i + 30 <= ids.length; i++) {
      const counts = new Map<number, number>();
      for (const id of ids.slice(i, i + 30)) counts.set(sourceOf.get(id)!, (counts.get(sourceOf.get(id)!) ?? 0) + 1);
      worst = Math.max(worst, ...counts.values());
    }
    const hotIds = await c.query<{ sourceId: number }>(`SELECT "sourceId" FROM articles WHERE "duplicateOfId" IS NULL ORDER BY "hotRank" DESC, id DESC LIMIT 30`);
    const hotFirstFlood = hotIds.rows.filter((r) => r.sourceId === 1).length;

    for (const [name, sql] of [["hot order (before the cap)", hotFirstPageSql()], ["front page under the cap", frontFirstPageSql()]] as const) {
      const plan = await c.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql.text}`, sql.values);
      console.log(`\n-- EXPLAIN ANALYZE: ${name}`);
      for (const row of plan.rows) console.log(row["QUERY PLAN"]);
    }
    console.log(`\nplacement pass: ${passMs.toFixed(0)} ms, ${pass.listed.toLocaleString("en")} listed, ${pass.written.toLocaleString("en")} keys written, heap peak +${((heapPeak - heapBefore) / 1e6).toFixed(0)} MB`);
    console.log(`second pass (nothing moved): ${secondPassMs.toFixed(0)} ms, ${again.written} written`);
    console.log(`first page query medians: hot order ${hotMs.toFixed(2)} ms, front before placement ${uncappedFrontMs.toFixed(2)} ms, front after ${frontMs.toFixed(2)} ms`);
    console.log(`first 100 pages: ${pageMs.toFixed(2)} ms a page; worst window of 30 over ${ids.length} entries: ${worst} from one source (hot order's first 30 held ${hotFirstFlood} from the flood)`);
    console.log(
      JSON.stringify({
        articles: ARTICLES,
        flood_share: FLOOD_SHARE,
        placement_pass_ms: Math.round(passMs),
        placement_second_pass_ms: Math.round(secondPassMs),
        placement_keys_written: pass.written,
        placement_heap_peak_mb: Math.round((heapPeak - heapBefore) / 1e6),
        hot_first_page_ms: Number(hotMs.toFixed(2)),
        front_first_page_ms: Number(frontMs.toFixed(2)),
        front_page_ms_first_100: Number(pageMs.toFixed(2)),
        worst_window_first_3000: worst,
        hot_first_30_flood: hotFirstFlood,
      }),
    );
  } finally {
    await c.end();
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
