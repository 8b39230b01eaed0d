import type { PgBoss } from "pg-boss";
import type pg from "pg";
import { log } from "../lib/log";
import { announceArticlesChanged } from "../lib/page-cache/cluster-bus";
import { refreshHotRanks } from "../lib/ranking/refresh";
import { computeRelatedFor } from "../lib/related/compute";
import { clusterStories } from "../lib/stories/store";
import { HOT_RANK_QUEUE, RELATED_QUEUE, type RelatedJob } from "./queues";

// Related jobs taken (and computed) together.
const RELATED_BATCH = 16;
// Every 5 minutes: ranks of the last 14 days drift with the clock between votes.
const HOT_RANK_CRON = "*/5 * * * *";

/** Registers the jobs that follow polls: related coverage and stories for new articles, and the periodic hot-rank refresh. */
export async function registerFollowUps(boss: PgBoss, db: pg.Pool): Promise<void> {
  // One related job per poll with new articles: after a cold start that is one per
  // source. Fetched one at a time (pg-boss then waits its polling interval between
  // fetches) 360 sources' jobs took 12 minutes to drain; fetched in batches, fetching
  // again at once while batches come back full, and computed together (one candidate
  // window for the batch), they keep up with polling.
  await boss.work<RelatedJob>(
    RELATED_QUEUE,
    { localConcurrency: 1, batchSize: RELATED_BATCH, burstWhenBatchFull: true, pollingIntervalSeconds: 1 },
    async (jobs) => {
      const ids = [...new Set(jobs.flatMap((job) => job.data.articleIds))];
      const { pairs } = await computeRelatedFor(db, ids);
      // Stories follow from the pairs just written, in the same job (never at request time).
      const stories = await clusterStories(db, ids);
      log.info({ jobs: jobs.length, articles: ids.length, pairs, ...stories }, "related coverage computed");
      if (pairs > 0 || stories.joined > 0) announceArticlesChanged();
    },
  );
  await boss.work(HOT_RANK_QUEUE, async () => {
    const updated = await refreshHotRanks(db);
    log.debug({ updated }, "hot ranks refreshed");
    if (updated > 0) announceArticlesChanged();
  });
  // schedule() is an upsert keyed by queue name: every worker may call it.
  await boss.schedule(HOT_RANK_QUEUE, HOT_RANK_CRON);
}
