import { hostname } from "node:os";
import type { PrismaClient } from "../lib/db";
import { log } from "../lib/log";

// /api/health calls a worker gone after 45 s without a beat (lib/health/queries.ts).
export const HEARTBEAT_INTERVAL_MS = 15_000;

/** Starts beating into worker_heartbeats; returns a function that stops and removes the row. */
export function startHeartbeat(db: PrismaClient, workerId: string): () => Promise<void> {
  const beat = async () => {
    try {
      await db.workerHeartbeat.upsert({
        where: { id: workerId },
        create: { id: workerId, hostname: hostname(), pid: process.pid },
        update: { beatAt: new Date() },
      });
    } catch (err) {
      log.warn({ err, workerId }, "heartbeat failed");
    }
  };
  void beat();
  const timer = setInterval(beat, HEARTBEAT_INTERVAL_MS);
  return async () => {
    clearInterval(timer);
    await db.workerHeartbeat.delete({ where: { id: workerId } }).catch(() => {});
  };
}
