import { db } from "../db";
import { log } from "../log";

export interface HealthReport {
  ok: boolean;
  /** The parts that are down, so a glance (or a monitor) sees which: "database", "worker". */
  down: ("database" | "worker")[];
  /** "down" is all a caller learns: the driver's error names hosts, databases and users, so it goes to the log. */
  database: { ok: boolean; status: "up" | "down"; latencyMs?: number };
  /** Read from the workers' heartbeats, which live in the database: "unknown" while it is down. */
  worker: { ok: boolean; status: "up" | "down" | "unknown"; lastHeartbeatAt: string | null; ageSeconds: number | null };
}

// A worker beats every 15 s (jobs/heartbeat.ts); three missed beats means it is gone.
const WORKER_STALE_AFTER_S = 45;
// The check answers within this, whatever the database does: a load balancer's probe
// must not hang on a server that accepts connections but never answers. (Connecting
// alone may take up to lib/db/pool.ts CONNECT_TIMEOUT_MS, and a statement up to
// WEB_STATEMENT_TIMEOUT_MS.)
export const HEALTH_TIMEOUT_MS = 3_000;

class HealthTimeout extends Error {}

/** Checks the database and the newest worker heartbeat, for load balancers and tests; answers within HEALTH_TIMEOUT_MS. */
export async function checkHealth(): Promise<HealthReport> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const rows = await Promise.race([
      db.workerHeartbeat.findMany({ orderBy: { beatAt: "desc" }, take: 1, select: { beatAt: true } }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new HealthTimeout(`the database did not answer within ${HEALTH_TIMEOUT_MS} ms`)), HEALTH_TIMEOUT_MS);
      }),
    ]);
    const latencyMs = Math.round(performance.now() - started);
    const last = rows[0]?.beatAt ?? null;
    const ageSeconds = last ? Math.max(0, Math.round((Date.now() - last.getTime()) / 1000)) : null;
    const workerOk = ageSeconds !== null && ageSeconds <= WORKER_STALE_AFTER_S;
    return {
      ok: true,
      down: workerOk ? [] : ["worker"],
      database: { ok: true, status: "up", latencyMs },
      worker: { ok: workerOk, status: workerOk ? "up" : "down", lastHeartbeatAt: last?.toISOString() ?? null, ageSeconds },
    };
  } catch (err) {
    log.error({ err }, "health check: the database did not answer");
    return {
      ok: false,
      down: ["database"],
      database: { ok: false, status: "down" },
      worker: { ok: false, status: "unknown", lastHeartbeatAt: null, ageSeconds: null },
    };
  } finally {
    clearTimeout(timer);
  }
}
