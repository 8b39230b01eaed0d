import type { PgBoss } from "pg-boss";
import type { PrismaClient } from "../lib/db";
import { log } from "../lib/log";
import { refreshHotRanks } from "../lib/ranking/refresh";
import { computeRelatedFor } from "../lib/related/compute";
import { HOT_RANK_QUEUE, RELATED_QUEUE, type RelatedJob } from "./queues";

// Every 5 minutes: ranks of the last 14 days drift with the clock between votes.
const HOT_RANK_CRON = "*/5 * * * *";

/** Registers the jobs that follow polls: related coverage for new articles, and the periodic hot-rank refresh. */
export async function registerFollowUps(boss: PgBoss, db: PrismaClient): Promise<void> {
  await boss.work<RelatedJob>(RELATED_QUEUE, { localConcurrency: 1 }, async (jobs) => {
    for (const job of jobs) {
      const { pairs } = await computeRelatedFor(db, job.data.articleIds);
      log.info({ articles: job.data.articleIds.length, pairs }, "related coverage computed");
    }
  });
  await boss.work(HOT_RANK_QUEUE, async () => {
    const updated = await refreshHotRanks(db);
    log.debug({ updated }, "hot ranks refreshed");
  });
  // schedule() is an upsert keyed by queue name: every worker may call it.
  await boss.schedule(HOT_RANK_QUEUE, HOT_RANK_CRON);
}
