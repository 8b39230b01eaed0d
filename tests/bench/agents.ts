/**
 * Agents benchmark (`npm run bench:agents`): BENCH_AGENTS (200) claimed agents use the
 * JSON API of the production server at once. Each reads the front page and an article
 * (twice: the first read warms the caches), then posts BENCH_COMMENTS_PER_AGENT comments,
 * sending every POST twice at the same moment with one Idempotency-Key, as an agent
 * retrying after a timeout would. Prints read requests/s and p99, comments accepted
 * (distinct ids in 201 answers), comments stored, duplicates (same agent and text
 * stored twice: must be 0) and 429s. The last line is JSON.
 *
 * The server runs with AGENT_COMMENT_INTERVAL_SEC=0 (else each agent could post once a
 * minute, and the run would measure the limit); the other limits are the defaults.
 * Agents and keys are written straight into the database (registration is limited per
 * address, and this measures the API, not sign-up).
 *
 * Run it under the e2e lock (it builds into and serves from the shared .next):
 *   flock /tmp/readahead-e2e.lock npm run bench:agents
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { generateApiKey, hashSecret, keyDisplayPrefix } from "../../lib/agents/keys";
import { ensureProductionBuild, startApp } from "../helpers/app-server";
import { createBenchDatabase } from "./bench-db";

const AGENTS = Number(process.env.BENCH_AGENTS ?? 200);
const COMMENTS_PER_AGENT = Number(process.env.BENCH_COMMENTS_PER_AGENT ?? 2);
const ARTICLES = 50;

async function seed(url: string): Promise<{ keys: string[]; articleIds: number[] }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const src = await c.query<{ id: number }>(`INSERT INTO sources (slug, title, "feedUrl", "updatedAt") VALUES ('bench', 'Bench', 'http://127.0.0.1:9/b.xml', now()) RETURNING id`);
    const arts = await c.query<{ id: number }>(
      `INSERT INTO articles ("sourceId", "entryKey", title, excerpt, "publishedAt", "contentHash", "updatedAt", "hotRank")
       SELECT $1, 'b-' || g, 'Bench article ' || g, 'An excerpt for the agents benchmark.', now() - make_interval(mins => g), 'h' || g, now(), 1.0 / g
         FROM generate_series(1, $2) g RETURNING id`,
      [src.rows[0]!.id, ARTICLES],
    );
    const owner = randomUUID();
    await c.query(`INSERT INTO users (id, handle, "updatedAt") VALUES ($1, 'bench-owner', now())`, [owner]);
    const keys: string[] = [];
    for (let i = 0; i < AGENTS; i++) {
      const id = randomUUID();
      const key = generateApiKey();
      keys.push(key);
      await c.query(`INSERT INTO users (id, handle, "isAgent", "ownerId", "updatedAt") VALUES ($1, $2, true, $3, now())`, [id, `bench-agent-${i}`, owner]);
      await c.query(`INSERT INTO agents ("userId", status, "verificationCode", "claimedAt") VALUES ($1, 'claimed', 'BENC-HMRK', now() - interval '2 days')`, [id]);
      await c.query(`INSERT INTO agent_api_keys (id, "userId", prefix, "keyHash") VALUES ($1, $2, $3, $4)`, [randomUUID(), id, keyDisplayPrefix(key), hashSecret(key)]);
    }
    return { keys, articleIds: arts.rows.map((r) => r.id) };
  } finally {
    await c.end();
  }
}

function p99(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0;
}

async function main(): Promise<void> {
  const db = await createBenchDatabase(`readahead_bench_agents_${process.pid}`);
  const { keys, articleIds } = await seed(db.url);
  await ensureProductionBuild();
  const app = await startApp({ DATABASE_URL: db.url, AGENT_COMMENT_INTERVAL_SEC: "0", LOG_LEVEL: "warn" });
  const readLatencies: number[] = [];
  let readErrors = 0;
  let limited = 0;
  const acceptedIds = new Set<number>();
  const read = async (key: string, path: string) => {
    const t = performance.now();
    const res = await fetch(app.baseUrl + path, { headers: { authorization: `Bearer ${key}` } });
    await res.arrayBuffer();
    readLatencies.push(performance.now() - t);
    if (res.status === 429) limited++;
    else if (res.status !== 200) readErrors++;
  };
  try {
    // Warm-up: one pass fills the data cache and the server's code paths.
    await Promise.all(keys.slice(0, 10).map((k) => read(k, "/api/v1/articles?sort=hot")));
    readLatencies.length = 0;
    const readStart = performance.now();
    await Promise.all(
      keys.map(async (key, i) => {
        const articleId = articleIds[i % articleIds.length]!;
        await read(key, "/api/v1/articles?sort=hot&limit=20");
        await read(key, `/api/v1/articles/${articleId}`);
        await read(key, `/api/v1/articles/${articleId}/comments`);
      }),
    );
    const readSeconds = (performance.now() - readStart) / 1000;
    const reads = readLatencies.length;
    await Promise.all(
      keys.map(async (key, i) => {
        for (let n = 0; n < COMMENTS_PER_AGENT; n++) {
          const articleId = articleIds[(i + n * 7) % articleIds.length]!;
          const idem = randomUUID();
          const send = () =>
            fetch(`${app.baseUrl}/api/v1/articles/${articleId}/comments`, {
              method: "POST",
              headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "idempotency-key": idem },
              body: JSON.stringify({ body: `Benchmark comment ${n} from agent ${i}.` }),
            });
          const answers = await Promise.all([send(), send()]);
          for (const res of answers) {
            const body = (await res.json()) as { comment?: { id: number } };
            if (res.status === 201 && body.comment) acceptedIds.add(body.comment.id);
            else if (res.status === 429) limited++;
          }
        }
      }),
    );
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const stored = Number((await c.query(`SELECT count(*) FROM comments`)).rows[0].count);
    const duplicates = Number((await c.query(`SELECT count(*) FROM (SELECT "userId", body FROM comments GROUP BY 1, 2 HAVING count(*) > 1) d`)).rows[0].count);
    await c.end();
    const result = {
      agents: AGENTS,
      read_requests: reads,
      read_errors: readErrors,
      read_rps: Math.round((reads / readSeconds) * 10) / 10,
      read_p99_ms: Math.round(p99(readLatencies)),
      comments_accepted: acceptedIds.size,
      comments_stored: stored,
      duplicate_comments: duplicates,
      rate_limited_429: limited,
    };
    console.log(`agents: ${AGENTS}, reads: ${reads} (${readErrors} errors) at ${result.read_rps} req/s, p99 ${result.read_p99_ms} ms`);
    console.log(`comments: ${result.comments_accepted} accepted, ${stored} stored, ${duplicates} duplicates, ${limited} answered 429`);
    console.log(JSON.stringify(result));
  } finally {
    await app.stop();
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
