/**
 * The job queues (pg-boss, in its own `pgboss` schema, which Prisma leaves alone).
 *
 * poll-source uses the `exclusive` policy keyed by source id: at most one poll job
 * per source is queued or running across every worker on every machine, so no
 * source is fetched twice at once. Its handler also re-checks that the source is
 * still due, so a job that was enqueued twice in a row does nothing the second time.
 */
import { PgBoss } from "pg-boss";
import { noteDatabaseFailure } from "../lib/db/outage";
import { log } from "../lib/log";

export const POLL_QUEUE = "poll-source";
export const RELATED_QUEUE = "compute-related";
export const HOT_RANK_QUEUE = "refresh-hot-ranks";
/** Places the front page under the source cap (lib/articles/front-refresh.ts); sent debounced after polls add articles. */
export const FRONT_PLACEMENT_QUEUE = "place-front";

export interface PollJob {
  sourceId: number;
  /** Poll now even if not yet due (an operator asked). */
  force?: boolean;
}

export interface RelatedJob {
  articleIds: number[];
}

/** Connects pg-boss (installing or migrating its schema) and creates our queues. */
export async function startBoss(databaseUrl: string, opts: { supervise?: boolean; schedule?: boolean } = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: "pgboss",
    application_name: "readahead-worker",
    supervise: opts.supervise ?? true,
    schedule: opts.schedule ?? true,
  });
  // While the database is away every worker loop's fetch fails once per polling
  // interval; the outage is logged once when it begins and ends (jobs/main.ts).
  boss.on("error", (err) => {
    if (noteDatabaseFailure(err)) log.debug({ err: err.message }, "job queue: the database is unreachable");
    else log.error({ err }, "job queue error");
  });
  await boss.start();
  // A poll has a 20 s fetch timeout plus parsing and a transaction; a job still
  // "active" after 5 minutes belonged to a worker that died, and is retried.
  await boss.createQueue(POLL_QUEUE, { policy: "exclusive", retryLimit: 2, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 });
  await boss.createQueue(RELATED_QUEUE, { retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 600 });
  await boss.createQueue(HOT_RANK_QUEUE, { policy: "singleton", retryLimit: 1, expireInSeconds: 300 });
  await boss.createQueue(FRONT_PLACEMENT_QUEUE, { retryLimit: 1, expireInSeconds: 300 });
  return boss;
}
