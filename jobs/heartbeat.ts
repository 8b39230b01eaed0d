import { hostname } from "node:os";
import type { Queryable } from "../lib/db/pool";
import { log } from "../lib/log";

// /api/health calls a worker gone after 45 s without a beat (lib/health/queries.ts).
export const HEARTBEAT_INTERVAL_MS = 15_000;

/** Starts beating into worker_heartbeats; returns a function that stops and removes the row. */
export function startHeartbeat(db: Queryable, workerId: string): () => Promise<void> {
  const beat = async () => {
    try {
      // Timestamps are timestamp(3) holding UTC wall time: an ISO string cast to timestamp keeps that.
      const now = new Date().toISOString();
      await db.query(
        `INSERT INTO worker_heartbeats (id, hostname, pid, "startedAt", "beatAt") VALUES ($1, $2, $3, $4::timestamp(3), $4::timestamp(3))
         ON CONFLICT (id) DO UPDATE SET "beatAt" = EXCLUDED."beatAt"`,
        [workerId, hostname(), process.pid, now],
      );
    } catch (err) {
      log.warn({ err, workerId }, "heartbeat failed");
    }
  };
  // Beats run one after another, and stopping waits for the one in flight, so a
  // late beat can never re-insert the row that stopping removed.
  let inFlight: Promise<void> = beat();
  const timer = setInterval(() => {
    inFlight = inFlight.then(beat);
  }, HEARTBEAT_INTERVAL_MS);
  return async () => {
    clearInterval(timer);
    await inFlight;
    await db.query("DELETE FROM worker_heartbeats WHERE id = $1", [workerId]).catch(() => {});
  };
}
