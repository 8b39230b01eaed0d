/**
 * The worker as benchmarks run it: package.json's own "worker" script through the
 * shell, as `npm run worker` runs it (exec, so the pid is the worker's), watched
 * until every source has a fetch-log row and its poll and related-coverage jobs
 * are drained.
 */
import { spawn } from "node:child_process";
import { openSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

export interface WorkerRun {
  /** From spawning the worker to the last source's fetch-log row. */
  pollMs: number;
  /** From spawning the worker to its queues being empty. */
  drainedMs: number;
  /** The worker process's VmHWM. */
  peakRssMb: number;
}

/**
 * Runs the worker against `databaseUrl` until `expectedLogs` fetch-log rows exist
 * and no poll or related job is pending, then stops it with SIGTERM. Throws if the
 * worker exits (or is killed, e.g. out of heap) first, or after `limitMs`.
 */
export async function runWorkerUntilDrained(opts: {
  databaseUrl: string;
  env: NodeJS.ProcessEnv;
  expectedLogs: number;
  limitMs: number;
  /** Extra node flags, after package.json's own. */
  nodeArgs?: string[];
  /** Keep the worker's log lines (stdout) in this file. */
  logFile?: string;
}): Promise<WorkerRun> {
  const script = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: { worker: string } }).scripts.worker;
  const command = script.replace(/^node /, ["node", ...(opts.nodeArgs ?? []), ""].join(" "));
  const child = spawn("sh", ["-c", `exec ${command}`], {
    cwd: ROOT,
    env: { ...opts.env, DATABASE_URL: opts.databaseUrl },
    stdio: ["ignore", opts.logFile ? openSync(opts.logFile, "w") : "ignore", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (d) => (err += d));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const c = new pg.Client({ connectionString: opts.databaseUrl });
  await c.connect();
  const started = performance.now();
  try {
    let pollMs = 0;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`the worker exited (${child.signalCode ?? child.exitCode}): ${err.slice(-2000)}`);
      }
      if (performance.now() - started > opts.limitMs) throw new Error(`the worker did not finish in ${opts.limitMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 200));
      const { rows } = await c.query<{ logs: number }>(`SELECT count(*)::int AS logs FROM fetch_logs`);
      if (!pollMs && rows[0]!.logs >= opts.expectedLogs) pollMs = performance.now() - started;
      if (!pollMs) continue;
      // Polled: now wait for the jobs (pg-boss's schema exists by now).
      const pending = await c.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name IN ('poll-source', 'compute-related') AND state IN ('created', 'retry', 'active')`,
      );
      if (pending.rows[0]!.n === 0) break;
    }
    const drainedMs = performance.now() - started;
    const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? NaN);
    return { pollMs, drainedMs, peakRssMb: hwmKb / 1024 };
  } finally {
    await c.end();
    child.kill("SIGTERM");
    await exited;
  }
}
