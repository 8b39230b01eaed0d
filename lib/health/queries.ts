import { db } from "../db";

export interface HealthReport {
  ok: boolean;
  database: { ok: boolean; latencyMs?: number; error?: string };
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
      database: { ok: true, latencyMs },
      worker: { ok: workerOk, lastHeartbeatAt: last?.toISOString() ?? null, ageSeconds },
    };
  } catch (err) {
    return {
      ok: false,
      database: { ok: false, error: (err as Error).message.split("\n")[0]?.slice(0, 200) },
      worker: { ok: false, lastHeartbeatAt: null, ageSeconds: null },
    };
  }
}
