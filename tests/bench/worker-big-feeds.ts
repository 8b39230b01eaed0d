// npm run bench:worker-memory — the worker under its heap limit with feeds near
// FEED_MAX_BYTES: 16 sources each serving a ~12 MB feed of distinct items, polled
// 8 at a time. Without the byte budget (lib/ingest/byte-budget.ts) eight such feeds
// parsed at once would need several times the worker's 256 MB heap. Prints the
// worker's wall time, peak RSS and outcome counts; exits 1 if the worker died or a
// source failed. Asserts no times.
import { spawn } from "node:child_process";
import { openSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { startFixtureServer } from "../helpers/fixture-server";
import { createBenchDatabase } from "./bench-db";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
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

  const script = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: { worker: string } }).scripts.worker;
  const child = spawn("sh", ["-c", `exec ${script}`], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: db.url, FEED_FETCH_ALLOW_CIDRS: "127.0.0.1/32", LOG_LEVEL: process.env.BENCH_WORKER_LOG ? "debug" : "warn", NODE_ENV: "production", WORKER_CONCURRENCY: "8", WORKER_PER_HOST_CONCURRENCY: "8" },
    // BENCH_WORKER_LOG=FILE keeps the worker's log lines.
    stdio: ["ignore", process.env.BENCH_WORKER_LOG ? openSync(process.env.BENCH_WORKER_LOG, "w") : "ignore", "pipe"],
  });
  const exited = new Promise((r) => child.once("exit", r));
  let err = "";
  child.stderr!.on("data", (d) => (err += d));
  const started = performance.now();
  let code = 0;
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the worker exited (${child.signalCode ?? child.exitCode}): ${err.slice(-2000)}`);
      if (performance.now() - started > LIMIT_MS) throw new Error(`the worker did not finish in ${LIMIT_MS / 1000} s`);
      await new Promise((r) => setTimeout(r, 250));
      const { rows } = await c.query<{ logs: number }>(`SELECT count(*)::int AS logs FROM fetch_logs`);
      if (rows[0]!.logs < SOURCES) continue;
      // Polled: now wait for the related-coverage jobs (pg-boss's schema exists by now).
      const pending = await c.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name IN ('poll-source', 'compute-related') AND state IN ('created', 'retry', 'active')`,
      );
      if (pending.rows[0]!.n === 0) break;
    }
    const ms = performance.now() - started;
    const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? NaN);
    const { rows: outcomes } = await c.query<{ outcome: string; n: number }>(`SELECT outcome, count(*)::int AS n FROM fetch_logs GROUP BY outcome ORDER BY outcome`);
    const articles = (await c.query<{ articles: number }>(`SELECT count(*)::int AS articles FROM articles`)).rows[0]!.articles;
    const ok = outcomes.find((o) => o.outcome === "ok")?.n ?? 0;
    console.log(`done in ${(ms / 1000).toFixed(1)} s; outcomes ${outcomes.map((o) => `${o.outcome} ${o.n}`).join(", ")}; articles ${articles}; worker peak RSS ${(hwmKb / 1024).toFixed(0)} MB`);
    console.log(JSON.stringify({ sources: SOURCES, feed_mb: Number((bytes / SOURCES / 1048576).toFixed(1)), seconds: Number((ms / 1000).toFixed(1)), articles, ok_polls: ok, worker_peak_rss_mb: Math.round(hwmKb / 1024) }));
    if (ok !== SOURCES || articles !== SOURCES * ITEMS) code = 1;
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    code = 1;
  } finally {
    child.kill("SIGTERM");
    await exited;
    await c.end();
    await fx.close();
    if (!process.env.BENCH_KEEP_DB) await db.drop();
  }
  process.exit(code);
}

void main();
