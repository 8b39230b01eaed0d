/**
 * Vote benchmark (`npm run bench:votes`): 1,000 members vote concurrently on 100
 * articles through the production server, each casting VOTES_PER_MEMBER votes on
 * distinct random articles, as a browser without JavaScript would: a multipart
 * POST of the vote form to the article page (the server action), answered by a
 * 303. Prints votes per second, then checks in the database that every article's
 * score equals its number of votes. The last line is JSON.
 *
 * Members are logged in by creating their session rows and next-auth cookies
 * directly (the same encode the login action uses), not through the login form:
 * 1,000 argon2id hashes would benchmark the password hash, not voting.
 *
 * Run it under the e2e lock (it builds into and serves from the shared .next):
 *   flock /tmp/readahead-e2e.lock npm run bench:votes
 */
import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { articlePath } from "../../lib/articles/paths";
import { ensureProductionBuild, startApp, type RunningApp } from "../helpers/app-server";
import { createBenchDatabase } from "./bench-db";

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 1000);
const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 100);
const VOTES_PER_MEMBER = Number(process.env.BENCH_VOTES_PER_MEMBER ?? 10);
// Sockets to the server: every member's loop runs at once, sharing this pool.
const MAX_SOCKETS = Number(process.env.BENCH_SOCKETS ?? 64);
const SECRET = "bench-secret-bench-secret-bench-secret-0123456789";
const COOKIE = "next-auth.session-token";

interface Member {
  id: string;
  cookie: string;
}

async function seed(url: string): Promise<{ articles: { id: number; path: string }[]; members: Member[] }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const src = await c.query<{ id: number }>(
      `INSERT INTO sources (slug, title, "feedUrl", "updatedAt") VALUES ('bench', 'Bench', 'http://127.0.0.1:9/bench.xml', now()) RETURNING id`,
    );
    const arts = await c.query<{ id: number; title: string }>(
      `INSERT INTO articles ("sourceId", "entryKey", title, "publishedAt", "contentHash", "updatedAt")
       SELECT $1, 'bench-' || g, 'Bench article ' || g, now() - make_interval(mins => g), 'h' || g, now()
         FROM generate_series(1, $2) g RETURNING id, title`,
      [src.rows[0]!.id, ARTICLES],
    );
    const members: Member[] = [];
    const expires = new Date(Date.now() + 86_400_000);
    for (let i = 0; i < MEMBERS; i++) {
      const id = randomUUID();
      const sid = randomBytes(32).toString("base64url");
      members.push({ id, cookie: `${COOKIE}=${await encode({ token: { sub: id, name: `bench-${i}`, sid }, secret: SECRET, maxAge: 86_400 })}` });
      await c.query(`INSERT INTO users (id, handle, email, "updatedAt") VALUES ($1, $2, $3, now())`, [id, `bench-${i}`, `bench-${i}@example.org`]);
      await c.query(`INSERT INTO sessions (id, "sessionToken", "userId", expires) VALUES ($1, $2, $3, $4)`, [randomUUID(), sid, id, expires]);
    }
    return { articles: arts.rows.map((a) => ({ id: a.id, path: articlePath(a) })), members };
  } finally {
    await c.end();
  }
}

/** The vote action's id, read from the vote form a member's article page renders. */
async function voteActionId(baseUrl: string, path: string, cookie: string): Promise<string> {
  const html = await (await fetch(baseUrl + path, { headers: { cookie } })).text();
  // The vote form is the one whose intent is "up"/"un" (the page has other forms with
  // an intent field, e.g. subscribe).
  const m = /name="\$ACTION_ID_([0-9a-f]+)"[^>]*>(?:(?!<\/form>)[\s\S])*name="intent" value="(?:up|un)"/.exec(html);
  if (!m) throw new Error("no vote form on the article page (is the member logged in?)");
  return m[1]!;
}

function multipart(fields: [string, string][]): { body: Buffer; type: string } {
  const boundary = `----bench${randomBytes(8).toString("hex")}`;
  const parts = fields.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  return { body: Buffer.from(parts.join("") + `--${boundary}--\r\n`), type: `multipart/form-data; boundary=${boundary}` };
}

function post(agent: http.Agent, url: URL, cookie: string, origin: string, fields: [string, string][]): Promise<number> {
  const { body, type } = multipart(fields);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: "POST", agent, headers: { cookie, origin, "content-type": type, "content-length": body.length } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

function pick(n: number, of: number): number[] {
  const all = Array.from({ length: of }, (_, i) => i);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, n);
}

async function main() {
  const { url, drop } = await createBenchDatabase(`readahead_bench_votes_${process.pid}`);
  let app: RunningApp | undefined;
  try {
    console.log(`seeding ${MEMBERS} members with sessions and ${ARTICLES} articles…`);
    const { articles, members } = await seed(url);
    await ensureProductionBuild();
    app = await startApp({ DATABASE_URL: url, AUTH_SECRET: SECRET });
    const actionId = await voteActionId(app.baseUrl, articles[0]!.path, members[0]!.cookie);
    const agent = new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });
    const statuses = new Map<number, number>();
    console.log(`voting: ${MEMBERS} members × ${VOTES_PER_MEMBER} votes, ${MAX_SOCKETS} sockets…`);
    const started = performance.now();
    await Promise.all(
      members.map(async (m) => {
        for (const i of pick(VOTES_PER_MEMBER, ARTICLES)) {
          const a = articles[i]!;
          const status = await post(agent, new URL(app!.baseUrl + a.path), m.cookie, app!.baseUrl, [
            [`$ACTION_ID_${actionId}`, ""],
            ["articleId", String(a.id)],
            ["returnTo", a.path],
            ["intent", "up"],
          ]);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    agent.destroy();
    const sent = MEMBERS * VOTES_PER_MEMBER;
    const votesPerS = Math.round((sent / seconds) * 10) / 10;
    console.log(`${sent} vote requests in ${seconds.toFixed(1)} s: ${votesPerS} votes/s; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);

    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const rows = await c.query<{ id: number; score: number; votes: number }>(
      `SELECT a.id, a.score, (SELECT count(*)::int FROM votes v WHERE v."articleId" = a.id AND NOT v."isAgent") AS votes FROM articles a`,
    );
    const total = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM votes`);
    await c.end();
    const inconsistent = rows.rows.filter((r) => r.score !== r.votes);
    const consistent = inconsistent.length === 0;
    console.log(`votes stored: ${total.rows[0]!.n} of ${sent}; articles whose score ≠ vote count: ${inconsistent.length}`);
    console.log(
      JSON.stringify({
        votes: total.rows[0]!.n,
        requests: sent,
        seconds: Math.round(seconds * 10) / 10,
        votes_per_s: votesPerS,
        scores_consistent: consistent,
        statuses: Object.fromEntries(statuses),
      }),
    );
    // Each member votes on distinct articles, so every request must have stored a
    // vote; fewer means the posts were refused (a figure for nothing).
    if (!consistent || total.rows[0]!.n !== sent) {
      console.error(`bench:votes: ${sent - total.rows[0]!.n} vote requests stored no vote`);
      process.exitCode = 1;
    }
  } finally {
    await app?.stop();
    await drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
