import type { PgBoss } from "pg-boss";
import { selectSourcesToPoll } from "../lib/ingest/select-sources";
import { POLL_QUEUE, type PollJob } from "./queues";

// How many due sources one pass enqueues; the next pass (15 s later) takes the rest.
const MAX_PER_PASS = 2000;

/**
 * Enqueues a poll job for every active source whose next check has come. Safe to
 * run from every worker at once: the queue's singleton key drops duplicates.
 */
export async function enqueueDueSources(boss: PgBoss, now = new Date()): Promise<number> {
  const due = await selectSourcesToPoll({ due: now, limit: MAX_PER_PASS });
  if (due.length === 0) return 0;
  const ids = await boss.insert(
    POLL_QUEUE,
    due.map((s) => ({ data: { sourceId: s.id } satisfies PollJob, singletonKey: `source:${s.id}` })),
  );
  return ids?.length ?? due.length;
}
