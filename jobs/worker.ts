/**
 * The worker: a pool of poll slots fed by the job queue, a per-host cap inside
 * the process, a 15 s pass that enqueues due sources, and follow-up jobs
 * (related coverage for new articles, periodic hot-rank refresh).
 */
import type { PgBoss } from "pg-boss";
import type pg from "pg";
import { isDatabaseUnavailable } from "../lib/db/errors";
import { noteDatabaseFailure } from "../lib/db/outage";
import { getEnv } from "../lib/env";
import { log } from "../lib/log";
import { defaultByteBudget } from "../lib/ingest/byte-budget";
import { hostKey, KeyedLimiter } from "../lib/ingest/host-limiter";
import { pollSource } from "../lib/ingest/poll-source";
import { parserForEnv } from "../lib/ingest/parser-for-env";
import { selectSourcesToPoll } from "../lib/ingest/select-sources";
import { announceArticlesChanged } from "../lib/page-cache/cluster-bus";
import { enqueueDueSources } from "./enqueue-due";
import { POLL_QUEUE, RELATED_QUEUE, startBoss, type PollJob, type RelatedJob } from "./queues";
import { registerFollowUps } from "./follow-ups";

export const ENQUEUE_INTERVAL_MS = 15_000;
// Related coverage is computed in chunks so one cold ingest does not make one giant job.
const RELATED_CHUNK = 500;
// Poll jobs one slot takes per fetch (see boss.work below).
const POLL_BATCH = 4;
// A source "due" within this margin is polled (the enqueue pass and the clock may disagree slightly).
const DUE_MARGIN_MS = 5_000;
// How long a batch of poll jobs waits for a database that went away before giving up
// (its jobs then stay active and pg-boss retries them when they expire, after the poll
// queue's expireInSeconds, 300 s; see jobs/queues.ts). Waiting must end well before
// that: an expired job is handed out again, and two polls of one source must not run.
const OUTAGE_WAIT_MS = 150_000;
// How often a waiting poll asks whether the database answers again.
const OUTAGE_PROBE_MS = 1_000;

/**
 * Runs `step`; when it fails because the database is unreachable, waits for the database
 * to answer (until `deadline`) and runs it again. A poll's writes are one transaction
 * (lib/ingest/poll-source.ts), so a poll that lost its database wrote nothing, and
 * running it again fetches and stores the feed as if for the first time.
 */
async function overOutage<T>(db: pg.Pool, deadline: number, what: Record<string, unknown>, step: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await step();
    } catch (err) {
      if (!isDatabaseUnavailable(err) || Date.now() >= deadline) throw err;
      log.warn({ ...what, err: err instanceof Error ? err.message : String(err) }, "the database went away mid-job: nothing of it was written; running it again when the database answers");
      while (!(await db.query("SELECT 1").then(() => true, () => false))) {
        if (Date.now() >= deadline) throw err;
        await new Promise((r) => setTimeout(r, OUTAGE_PROBE_MS));
      }
    }
  }
}

export interface RunningWorker {
  boss: PgBoss;
  stop(): Promise<void>;
}

/** Starts the queue consumers and the enqueue pass; `stop()` lets in-flight polls finish. */
export async function startWorker(opts: { db: pg.Pool; workerId: string; enqueueIntervalMs?: number }): Promise<RunningWorker> {
  const env = getEnv();
  const { db } = opts;
  const boss = await startBoss(env.DATABASE_URL!);
  const limiter = new KeyedLimiter(env.WORKER_PER_HOST_CONCURRENCY);
  const parsing = parserForEnv();
  const budget = defaultByteBudget();

  // Each slot takes up to POLL_BATCH due sources at a time and fetches again at once
  // while its batches come back full: taking one job per fetch, pg-boss's polling
  // interval capped a worker at WORKER_CONCURRENCY polls a second however fast they ran.
  //
  // When the database goes away, pg-boss 12 keeps running: a failed fetch of jobs is
  // reported as an 'error' event (logged once per outage, jobs/queues.ts) and tried again
  // at the polling interval, so no job is taken until the database answers, and taking
  // resumes by itself. A poll in flight then fails at its transaction, which writes
  // nothing; overOutage waits for the database and polls again, so its job completes
  // instead of sitting active until it expires.
  await boss.work<PollJob>(POLL_QUEUE, { localConcurrency: env.WORKER_CONCURRENCY, batchSize: POLL_BATCH, burstWhenBatchFull: true, pollingIntervalSeconds: 1 }, async (jobs) => {
    const deadline = Date.now() + OUTAGE_WAIT_MS;
    for (const job of jobs) {
      const { sourceId, force } = job.data;
      const outcome = await overOutage(db, deadline, { sourceId }, async () => {
        // Re-read each time: a poll that committed just before the database went away has moved the source's next check.
        const [source] = await selectSourcesToPoll({ ids: [sourceId] });
        if (!source) return null; // removed since it was enqueued
        const due = source.status === "active" && source.nextCheckAt.getTime() <= Date.now() + DUE_MARGIN_MS;
        if (!due && !force) return null;
        return limiter.run(hostKey(source.feedUrl), () => pollSource(sourceId, { force, parser: parsing.parser, budget }));
      });
      if (!outcome) continue;
      log.info(
        { sourceId, url: outcome.url, outcome: outcome.outcome, httpStatus: outcome.httpStatus, newArticles: outcome.newArticles, error: outcome.error },
        "polled source",
      );
      // Web processes show new articles at once rather than when their caches expire (paced).
      if (outcome.newArticles + outcome.updatedArticles > 0) announceArticlesChanged();
      for (let i = 0; i < outcome.newArticleIds.length; i += RELATED_CHUNK) {
        const articleIds = outcome.newArticleIds.slice(i, i + RELATED_CHUNK);
        await overOutage(db, deadline, { sourceId, related: articleIds.length }, () => boss.send(RELATED_QUEUE, { articleIds } satisfies RelatedJob));
      }
    }
  });

  await registerFollowUps(boss, db);

  let enqueuing: Promise<unknown> = Promise.resolve();
  const pass = () => {
    enqueuing = enqueueDueSources(boss).catch((err) => {
      // While the database is away this fails every pass; the outage itself is logged once (jobs/main.ts).
      if (noteDatabaseFailure(err)) log.debug({ err: (err as Error).message }, "enqueueing due sources: the database is unreachable");
      else log.error({ err }, "enqueueing due sources failed");
    });
  };
  pass();
  const timer = setInterval(pass, opts.enqueueIntervalMs ?? ENQUEUE_INTERVAL_MS);

  return {
    boss,
    stop: async () => {
      clearInterval(timer);
      await enqueuing;
      // graceful: stop fetching new jobs and wait for active ones (their jobs are
      // completed); past the timeout they are left active and expire for retry.
      await boss.stop({ graceful: true, timeout: 30_000, close: true });
      await parsing.close();
    },
  };
}
