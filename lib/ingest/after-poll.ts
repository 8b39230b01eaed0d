import type pg from "pg";
import { log } from "../log";
import { computeRelatedFor } from "../related/compute";
import { clusterStories } from "../stories/store";

/**
 * Work that follows a batch of polls outside the job queue (the CLI's `poll
 * --once`): related coverage for the new articles, then their stories. The worker does the same
 * through its compute-related queue.
 */
export async function afterPoll(db: pg.Pool, newArticleIds: number[]): Promise<void> {
  if (newArticleIds.length === 0) return;
  const started = performance.now();
  const { pairs } = await computeRelatedFor(db, newArticleIds);
  const stories = await clusterStories(db, newArticleIds);
  log.info({ articles: newArticleIds.length, pairs, ...stories, ms: Math.round(performance.now() - started) }, "related coverage computed");
}
