import { db } from "../db";
import { log } from "../log";

export interface HealthReport {
  ok: boolean;
  /** "down" is all a caller learns: the driver's error names hosts, databases and users, so it goes to the log. */
  database: { ok: boolean; status: "up" | "down"; latencyMs?: number };
  worker: { ok: boolean; lastHeartbeatAt: string | null; ageSeconds: number | null };
}

// A worker beats every 15 s (jobs/heartbeat.ts); three missed beats means it is gone.
const WORKER_STALE_AFTER_S = 45;

/** Checks the database and the newest worker heartbeat, for load balancers and tests. */
export async function checkHealth(): Promise<HealthReport> {
  const started = performance.now();
  try {
    const rows = await db.workerHeartbeat.findMany({ orderBy: { beatAt: "desc" }, take: 1, select: { beatAt: true } });
    const latencyMs = Math.round(performance.now() - started);
    const last = rows[0]?.beatAt ?? null;
    const ageSeconds = last ? Math.max(0, Math.round((Date.now() - last.getTime()) / 1000)) : null;
    const workerOk = ageSeconds !== null && ageSeconds <= WORKER_STALE_AFTER_S;
    return {
      ok: true,
      database: { ok: true, status: "up", latencyMs },
      worker: { ok: workerOk, lastHeartbeatAt: last?.toISOString() ?? null, ageSeconds },
    };
  } catch (err) {
    log.error({ err }, "health check: the database did not answer");
    return {
      ok: false,
      database: { ok: false, status: "down" },
      worker: { ok: false, lastHeartbeatAt: null, ageSeconds: null },
    };
  }
}
