/**
 * Cache-abuse benchmark (`npm run bench:cache-abuse`): what one logged-in member
 * looping requests that change nothing costs a logged-out reader of the front
 * page, and what 1,000 distinct page links leave on disk.
 *
 * 1. idle: a reader loads / (logged out, served from proxy.ts's page store) in a
 *    loop; p50/p99 of BENCH_READS loads.
 * 2. abuse: the same reader loop while the member posts BENCH_ABUSE requests one
 *    after another, as a browser without JavaScript would: votes on an article
 *    that does not exist and edits of a comment that does not exist (server-action
 *    form posts with the member's session). Reader p50/p99 during the loop, the
 *    ratio to idle, and how the store answered (hit/stale/miss).
 * 3. junk cursors: 1,000 loads of / and /new with distinct page links (half that
 *    cannot be read, half well-formed), and the files and bytes they added under
 *    .next/cache.
 * The last line is JSON. Prints figures; asserts no times.
 *
 * Run it under the e2e lock (it builds into and serves from the shared .next):
 *   flock /tmp/readahead-e2e.lock npm run bench:cache-abuse
 */
import { randomBytes, randomUUID } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { encodeCursor } from "../../lib/articles/cursor";
import { articlePath } from "../../lib/articles/paths";
import { formFieldsFromHtml } from "../e2e/members-helpers";
import { ensureProductionBuild, startApp, type RunningApp } from "../helpers/app-server";
import { createBenchDatabase } from "./bench-db";

const READS = Number(process.env.BENCH_READS ?? 400);
const ABUSE = Number(process.env.BENCH_ABUSE ?? 1000);
const JUNK = Number(process.env.BENCH_JUNK ?? 1000);
const ARTICLES = 200;
const SECRET = "bench-secret-bench-secret-bench-secret-0123456789";
const NEXT_CACHE = path.resolve(import.meta.dirname, "..", "..", ".next", "cache");
// Ids no row has (the int range's top).
const MISSING_ARTICLE_ID = "2147483646";
const MISSING_COMMENT_ID = "2147483645";

async function seed(url: string): Promise<{ article: { id: number; path: string }; cookie: string }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const src = await c.query<{ id: number }>(
      `INSERT INTO sources (slug, title, "feedUrl", "updatedAt", "lastSuccessAt") VALUES ('bench', 'Bench', 'http://127.0.0.1:9/bench.xml', now(), now()) RETURNING id`,
    );
    const arts = await c.query<{ id: number; title: string }>(
      `INSERT INTO articles ("sourceId", "entryKey", title, excerpt, "publishedAt", "contentHash", "updatedAt", "hotRank")
       SELECT $1, 'bench-' || g, 'Bench article ' || g, 'An excerpt for bench article ' || g || '.', now() - make_interval(mins => g), 'h' || g, now(), 1.0 / g
         FROM generate_series(1, $2) g RETURNING id, title`,
      [src.rows[0]!.id, ARTICLES],
    );
    // One member with a session, made directly (the login form would benchmark argon2id).
    const id = randomUUID();
    const sid = randomBytes(32).toString("base64url");
    await c.query(`INSERT INTO users (id, handle, email, "updatedAt", "createdAt") VALUES ($1, 'abuser', 'abuser@example.org', now(), now() - interval '30 days')`, [id]);
    await c.query(`INSERT INTO sessions (id, "sessionToken", "userId", expires) VALUES ($1, $2, $3, now() + interval '1 day')`, [randomUUID(), sid, id]);
    const cookie = `next-auth.session-token=${await encode({ token: { sub: id, name: "abuser", sid }, secret: SECRET, maxAge: 86_400 })}`;
    const a = arts.rows[0]!;
    return { article: { id: a.id, path: articlePath(a) }, cookie };
  } finally {
    await c.end();
  }
}

function diskCache(): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const p = path.join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else {
        files++;
        bytes += st.size;
      }
    }
  };
  walk(NEXT_CACHE);
  return { files, bytes };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Reads {
  p50: number;
  p99: number;
  n: number;
  states: Record<string, number>;
}

/** Loads / as a logged-out reader, one load at a time, until `until` says stop (at least `min` loads). */
async function readFrontPage(baseUrl: string, min: number, until: () => boolean): Promise<Reads> {
  const times: number[] = [];
  const states: Record<string, number> = {};
  while (times.length < min || !until()) {
    const t0 = performance.now();
    const res = await fetch(baseUrl + "/");
    await res.arrayBuffer();
    times.push(performance.now() - t0);
    const state = res.headers.get("x-readahead-cache") ?? "none";
    states[state] = (states[state] ?? 0) + 1;
  }
  times.sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 100) / 100;
  return { p50: round(percentile(times, 50)), p99: round(percentile(times, 99)), n: times.length, states };
}

async function post(baseUrl: string, pagePath: string, cookie: string, fields: [string, string][]): Promise<number> {
  const form = new FormData();
  for (const [n, v] of fields) form.append(n, v);
  const res = await fetch(baseUrl + pagePath, { method: "POST", body: form, headers: { cookie, origin: baseUrl }, redirect: "manual" });
  await res.arrayBuffer();
  return res.status;
}

const withValue = (fields: [string, string][], name: string, value: string): [string, string][] => fields.map(([n, v]) => [n, n === name ? value : v]);

async function main(): Promise<void> {
  const { url, drop } = await createBenchDatabase(`readahead_bench_cache_abuse_${process.pid}`);
  let app: RunningApp | undefined;
  try {
    const { article, cookie } = await seed(url);
    await ensureProductionBuild();
    app = await startApp({ DATABASE_URL: url, AUTH_SECRET: SECRET });
    const base = app.baseUrl;

    // The member's own comment, so the article page carries an edit form to replay.
    const first = await (await fetch(base + article.path, { headers: { cookie } })).text();
    const status = await post(base, article.path, cookie, [...formFieldsFromHtml(first, 'data-parent-id=""'), ["body", "A comment to edit"]]);
    if (status !== 303) throw new Error(`posting the member's comment answered ${status}`);
    const html = await (await fetch(base + article.path, { headers: { cookie } })).text();
    const vote = withValue(formFieldsFromHtml(html, 'name="intent" value="up"'), "articleId", MISSING_ARTICLE_ID);
    const edit = withValue(formFieldsFromHtml(html, "data-edit-form"), "commentId", MISSING_COMMENT_ID);

    await readFrontPage(base, 20, () => true); // warm: the first load renders and stores
    console.log(`idle: a logged-out reader loads / ${READS} times…`);
    const idle = await readFrontPage(base, READS, () => true);
    console.log(`  p50 ${idle.p50} ms  p99 ${idle.p99} ms  store ${JSON.stringify(idle.states)}`);

    console.log(`abuse: one member posts ${ABUSE} refused votes and unknown-comment edits, one after another, while the reader loads /…`);
    let done = false;
    const statuses: Record<number, number> = {};
    const t0 = performance.now();
    const abuse = (async () => {
      for (let i = 0; i < ABUSE; i++) {
        const s = await post(base, article.path, cookie, i % 2 === 0 ? vote : [...edit, ["body", `edit ${i}`]]);
        statuses[s] = (statuses[s] ?? 0) + 1;
      }
      done = true;
    })();
    const during = await readFrontPage(base, 1, () => done);
    await abuse;
    const abuseSeconds = Math.round((performance.now() - t0) / 100) / 10;
    const ratioP50 = Math.round((during.p50 / idle.p50) * 100) / 100;
    const ratioP99 = Math.round((during.p99 / idle.p99) * 100) / 100;
    console.log(`  ${ABUSE} posts in ${abuseSeconds} s, statuses ${JSON.stringify(statuses)}`);
    console.log(`  reader: ${during.n} loads, p50 ${during.p50} ms  p99 ${during.p99} ms  store ${JSON.stringify(during.states)}`);
    console.log(`  ratio to idle: p50 ${ratioP50}×  p99 ${ratioP99}×`);

    console.log(`junk cursors: ${JUNK} distinct page links…`);
    const before = diskCache();
    const junkStatuses: Record<number, number> = {};
    for (let i = 0; i < JUNK; i += 8) {
      await Promise.all(
        Array.from({ length: Math.min(8, JUNK - i) }, async (_, k) => {
          const n = i + k;
          const link = n % 2 === 0 ? `/?after=junk-${n}-${randomBytes(4).toString("hex")}` : `/new?after=${encodeCursor([new Date(Date.now() - n * 1000), 1_000_000 + n])}`;
          const res = await fetch(base + link);
          await res.arrayBuffer();
          junkStatuses[res.status] = (junkStatuses[res.status] ?? 0) + 1;
        }),
      );
    }
    const after = diskCache();
    const addedFiles = after.files - before.files;
    const addedBytes = after.bytes - before.bytes;
    console.log(`  statuses ${JSON.stringify(junkStatuses)}; .next/cache: ${addedFiles} files, ${addedBytes} bytes added (${after.files} files in all)`);

    console.log(
      JSON.stringify({
        idle_p50_ms: idle.p50,
        idle_p99_ms: idle.p99,
        abuse_p50_ms: during.p50,
        abuse_p99_ms: during.p99,
        ratio_p50: ratioP50,
        ratio_p99: ratioP99,
        abuse_requests: ABUSE,
        abuse_seconds: abuseSeconds,
        abuse_statuses: statuses,
        reader_states_during_abuse: during.states,
        junk_cursors: JUNK,
        junk_statuses: junkStatuses,
        disk_files_added: addedFiles,
        disk_bytes_added: addedBytes,
      }),
    );
  } finally {
    await app?.stop();
    await drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
