/**
 * bench:pages' two-web phase: two web processes on the benchmark's database, loaded
 * through the documented nginx (deploy/nginx/readahead.conf) when it is installed,
 * else round-robin from the load generator (half the connections to each process);
 * then how many logged-out reads of web B, sampled from 2 s after a member's vote
 * on web A, still show the score from before the vote (the issue's contract: 0).
 */
import { randomBytes, randomUUID } from "node:crypto";
import type pg from "pg";
import { startApp, type RunningApp } from "../helpers/app-server";
import { findNginx, startNginx, type RunningNginx } from "../helpers/nginx";
import { autocannon, sessionCookie } from "./pages-load";

const SECRET = "bench-secret-bench-secret-bench-secret-0123456789";
// The issue's contract: a vote on one web process shows on every other within this.
const VISIBLE_WITHIN_MS = 2_000;
// Votes (alternating up and un) and logged-out reads of web B sampled after each.
const VOTE_ROUNDS = 5;
const READS_PER_ROUND = 20;

export interface TwoWebFigures {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  via: "nginx" | "round-robin";
  staleReads: number;
  staleSamples: number;
}

/** A member with a session row and the cookie the app accepts for it (as bench:votes makes them). */
function benchMember(c: pg.Client): Promise<string> {
  const sid = randomBytes(32).toString("base64url");
  return sessionCookie(c, { id: randomUUID(), handle: `twoweb-${sid.slice(0, 8)}` }, sid, SECRET);
}

/** Posts the article page's vote form as a browser without JavaScript would; resolves when the action has answered. */
async function vote(baseUrl: string, path: string, articleId: number, cookie: string, intent: "up" | "un"): Promise<void> {
  const html = await (await fetch(baseUrl + path, { headers: { cookie } })).text();
  const action = /name="\$ACTION_ID_([0-9a-f]+)"[^>]*>(?:(?!<\/form>)[\s\S])*name="intent" value="(?:up|un)"/.exec(html)?.[1];
  if (!action) throw new Error("no vote form on the article page (is the member logged in?)");
  const form = new FormData();
  form.set(`$ACTION_ID_${action}`, "");
  form.set("articleId", String(articleId));
  form.set("returnTo", path);
  form.set("intent", intent);
  const res = await fetch(baseUrl + path, { method: "POST", body: form, headers: { cookie, origin: baseUrl }, redirect: "manual" });
  await res.arrayBuffer();
  if (res.status !== 303) throw new Error(`the vote answered ${res.status}`);
}

const scoreIn = (html: string) => Number(/data-vote-count="true" aria-label="(\d+) votes?"/.exec(html)?.[1] ?? NaN);

/** Runs the phase on `dbUrl` (`c` connected to it) for the article at `path`. */
export async function measureTwoWeb(dbUrl: string, c: pg.Client, opts: { path: string; articleId: number; connections: number; durationS: number }): Promise<TwoWebFigures> {
  let webA: RunningApp | undefined;
  let webB: RunningApp | undefined;
  let proxy: RunningNginx | undefined;
  try {
    // One at a time: starting the web server writes its launcher into .next.
    webA = await startApp({ DATABASE_URL: dbUrl, RUN_WORKER: "false", AUTH_SECRET: SECRET, TRUSTED_PROXY_HOPS: "1" });
    webB = await startApp({ DATABASE_URL: dbUrl, RUN_WORKER: "false", AUTH_SECRET: SECRET, TRUSTED_PROXY_HOPS: "1" });
    const nginx = findNginx();
    if (nginx) proxy = await startNginx(nginx, [webA.baseUrl, webB.baseUrl].map((u) => u.replace("http://", "")));
    const via = proxy ? "nginx" : "round-robin";
    console.log(
      proxy
        ? `\n== two web processes behind nginx (deploy/nginx/readahead.conf), ${opts.connections} connections to nginx ==`
        : `\n== two web processes, round-robin from the load generator (nginx is not installed): ${opts.connections / 2} connections to each ==`,
    );
    for (const web of [webA, webB]) await (await fetch(web.baseUrl + "/")).arrayBuffer();
    let figure: { rps: number; p50: number; p99: number; non2xx: number };
    if (proxy) {
      await (await fetch(proxy.baseUrl + "/")).arrayBuffer();
      const r = await autocannon({ url: proxy.baseUrl + "/", connections: opts.connections, duration: opts.durationS });
      figure = { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx + r.errors };
    } else {
      const [a, b] = await Promise.all(
        [webA, webB].map((web) => autocannon({ url: web.baseUrl + "/", connections: opts.connections / 2, duration: opts.durationS })),
      );
      // Latency: the worse of the two processes' percentiles.
      figure = { rps: a!.requests.average + b!.requests.average, p50: Math.max(a!.latency.p50, b!.latency.p50), p99: Math.max(a!.latency.p99, b!.latency.p99), non2xx: a!.non2xx + b!.non2xx + a!.errors + b!.errors };
    }
    console.log(`  front (/) ${figure.rps.toFixed(0).padStart(7)} req/s  p50 ${figure.p50} ms  p99 ${figure.p99} ms${figure.non2xx ? `  (non-2xx or errors ${figure.non2xx})` : ""}`);

    const cookie = await benchMember(c);
    let staleReads = 0;
    let samples = 0;
    for (let round = 0; round < VOTE_ROUNDS; round++) {
      // Web B has the page stored before the vote.
      for (let i = 0; i < 2; i++) await (await fetch(webB.baseUrl + opts.path)).arrayBuffer();
      await vote(webA.baseUrl, opts.path, opts.articleId, cookie, round % 2 === 0 ? "up" : "un");
      const votedAt = Date.now();
      const expected = (await c.query<{ score: number }>(`SELECT score FROM articles WHERE id = $1`, [opts.articleId])).rows[0]!.score;
      await new Promise((r) => setTimeout(r, Math.max(0, votedAt + VISIBLE_WITHIN_MS - Date.now())));
      let staleThisRound = 0;
      for (let i = 0; i < READS_PER_ROUND; i++) {
        const html = await (await fetch(webB.baseUrl + opts.path)).text();
        samples++;
        if (scoreIn(html) !== expected) staleThisRound++;
      }
      staleReads += staleThisRound;
      console.log(`  vote ${round + 1} (${round % 2 === 0 ? "up" : "un"}) on web A: ${staleThisRound} of ${READS_PER_ROUND} logged-out reads of web B from 2 s on still showed the old score`);
    }
    return { ...figure, via, staleReads, staleSamples: samples };
  } finally {
    await proxy?.stop();
    await webA?.stop();
    await webB?.stop();
  }
}
