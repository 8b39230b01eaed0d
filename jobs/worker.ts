/**
 * The worker: a pool of poll slots fed by the job queue, a per-host cap inside
 * the process, a 15 s pass that enqueues due sources, and follow-up jobs
 * (related coverage for new articles, periodic hot-rank refresh).
 */
import type { PgBoss } from "pg-boss";
import type pg from "pg";
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
  await boss.work<PollJob>(POLL_QUEUE, { localConcurrency: env.WORKER_CONCURRENCY, batchSize: POLL_BATCH, burstWhenBatchFull: true, pollingIntervalSeconds: 1 }, async (jobs) => {
    for (const job of jobs) {
      const { sourceId, force } = job.data;
      const [source] = await selectSourcesToPoll({ ids: [sourceId] });
      if (!source) continue; // removed since it was enqueued
      const due = source.status === "active" && source.nextCheckAt.getTime() <= Date.now() + DUE_MARGIN_MS;
      if (!due && !force) continue;
      const outcome = await limiter.run(hostKey(source.feedUrl), () => pollSource(sourceId, { force, parser: parsing.parser, budget }));
      log.info(
        { sourceId, url: outcome.url, outcome: outcome.outcome, httpStatus: outcome.httpStatus, newArticles: outcome.newArticles, error: outcome.error },
        "polled source",
      );
      // Web processes show new articles at once rather than when their caches expire (paced).
      if (outcome.newArticles + outcome.updatedArticles > 0) announceArticlesChanged();
      for (let i = 0; i < outcome.newArticleIds.length; i += RELATED_CHUNK) {
        await boss.send(RELATED_QUEUE, { articleIds: outcome.newArticleIds.slice(i, i + RELATED_CHUNK) } satisfies RelatedJob);
      }
    }
  });

  await registerFollowUps(boss, db);

  let enqueuing: Promise<unknown> = Promise.resolve();
  const pass = () => {
    enqueuing = enqueueDueSources(boss).catch((err) => log.error({ err }, "enqueueing due sources failed"));
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
