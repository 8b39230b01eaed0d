// npm run bench:worker-memory — the worker under its heap limit with feeds near
// FEED_MAX_BYTES: 16 sources each serving a ~11 MB feed of distinct items, polled
// 8 at a time. Without the byte budget (lib/ingest/byte-budget.ts) eight such feeds
// parsed at once would need several times the worker's 256 MB heap. Prints the
// worker's wall time, peak RSS and outcome counts; exits 1 if the worker died or a
// source failed. Asserts no times.
import pg from "pg";
import { startFixtureServer } from "../helpers/fixture-server";
import { createBenchDatabase } from "./bench-db";
import { runWorkerUntilDrained } from "./bench-worker";

const SOURCES = Number(process.env.BENCH_SOURCES ?? 16);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 2600);
const LIMIT_MS = Number(process.env.BENCH_LIMIT_S ?? 600) * 1000;
const PARAGRAPH = "<p>Readers of this synthetic feed get long paragraphs with <a href=\"https://example.org/x\">links</a>, <em>emphasis</em> and entities &amp; such, so that sanitizing and excerpting have real work to do.</p>";

function bigFeed(source: number): string {
  const items: string[] = [];
  for (let i = 0; i < ITEMS; i++) {
    items.push(
      `<item><guid>https://big${source}.example/${i}</guid><link>https://big${source}.example/${i}</link><title>Story ${i} of feed ${source}</title>` +
        `<pubDate>${new Date(Date.UTC(2026, 10, 1) - i * 600_000).toUTCString()}</pubDate><category>big</category>` +
        `<description><![CDATA[${PARAGRAPH.repeat(20)}]]></description></item>`,
    );
  }
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Big ${source}</title><link>https://big${source}.example/</link>${items.join("")}</channel></rss>`;
}

async function main() {
  const fx = await startFixtureServer();
  const db = await createBenchDatabase("readahead_bench_worker_memory");
  let bytes = 0;
  const urls: string[] = [];
  for (let s = 0; s < SOURCES; s++) {
    const body = bigFeed(s);
    bytes += Buffer.byteLength(body);
    fx.serveBody(`/big-${s}.xml`, body);
    urls.push(fx.url(`/big-${s}.xml`));
  }
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  await c.query(`INSERT INTO sources (slug, title, "feedUrl", "updatedAt") SELECT 'big-' || i, 'Big ' || i, u, now() FROM unnest($1::text[]) WITH ORDINALITY AS x(u, i)`, [urls]);
  console.log(`${SOURCES} sources, ${(bytes / SOURCES / 1048576).toFixed(1)} MB and ${ITEMS} items each, polled 8 at a time by \`npm run worker\``);

  let code = 0;
  try {
    const run = await runWorkerUntilDrained({
      databaseUrl: db.url,
      env: { ...process.env, FEED_FETCH_ALLOW_CIDRS: "127.0.0.1/32", LOG_LEVEL: process.env.BENCH_WORKER_LOG ? "debug" : "warn", NODE_ENV: "production", WORKER_CONCURRENCY: "8", WORKER_PER_HOST_CONCURRENCY: "8" },
      expectedLogs: SOURCES,
      limitMs: LIMIT_MS,
      // BENCH_WORKER_LOG=FILE keeps the worker's log lines.
      logFile: process.env.BENCH_WORKER_LOG,
    });
    const seconds = run.drainedMs / 1000;
    const { rows: outcomes } = await c.query<{ outcome: string; n: number }>(`SELECT outcome, count(*)::int AS n FROM fetch_logs GROUP BY outcome ORDER BY outcome`);
    const articles = (await c.query<{ articles: number }>(`SELECT count(*)::int AS articles FROM articles`)).rows[0]!.articles;
    const ok = outcomes.find((o) => o.outcome === "ok")?.n ?? 0;
    console.log(`done in ${seconds.toFixed(1)} s; outcomes ${outcomes.map((o) => `${o.outcome} ${o.n}`).join(", ")}; articles ${articles}; worker peak RSS ${run.peakRssMb.toFixed(0)} MB`);
    console.log(JSON.stringify({ sources: SOURCES, feed_mb: Number((bytes / SOURCES / 1048576).toFixed(1)), seconds: Number(seconds.toFixed(1)), articles, ok_polls: ok, worker_peak_rss_mb: Math.round(run.peakRssMb) }));
    if (ok !== SOURCES || articles !== SOURCES * ITEMS) code = 1;
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    code = 1;
  } finally {
    await c.end();
    await fx.close();
    if (!process.env.BENCH_KEEP_DB) await db.drop();
  }
  process.exit(code);
}

void main();
