import type pg from "pg";
import { log } from "../log";
import { computeRelatedFor } from "../related/compute";

/**
 * Work that follows a batch of polls outside the job queue (the CLI's `poll
 * --once`): related coverage for the new articles. The worker does the same
 * through its compute-related queue.
 */
export async function afterPoll(db: pg.Pool, newArticleIds: number[]): Promise<void> {
  if (newArticleIds.length === 0) return;
  const started = performance.now();
  const { pairs } = await computeRelatedFor(db, newArticleIds);
  log.info({ articles: newArticleIds.length, pairs, ms: Math.round(performance.now() - started) }, "related coverage computed");
}
