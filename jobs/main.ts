// The feed worker's entrypoint (`npm run worker`; `npm start` runs one beside the app).
import "dotenv/config";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { ConfigError, getEnv, requireDatabaseUrl } from "../lib/env";
import { onDatabaseAvailability } from "../lib/db/outage";
import { pgPool } from "../lib/db/pool";
import { log } from "../lib/log";
import { startHeartbeat } from "./heartbeat";
import { heapLimitMb, runsWithHeapLimit } from "./node-args";
import { startWorker } from "./worker";

async function main() {
  requireDatabaseUrl();
  const { WORKER_HEAP_MB } = getEnv();
  if (!runsWithHeapLimit(WORKER_HEAP_MB)) {
    log.warn(
      { heapLimitMb: Math.round(heapLimitMb()), WORKER_HEAP_MB },
      "the worker is not running under its configured heap limit: start it with `npm run worker` or `npm start`, " +
        "and set WORKER_HEAP_MB in the environment (npm run worker reads it there, not from .env)",
    );
  }
  const workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  // The worker outlives its database: it takes no jobs while the database is away and
  // resumes by itself (jobs/worker.ts). These two lines are what an operator sees of it.
  onDatabaseAvailability((down) => {
    if (down) log.warn({ workerId }, "the database is unreachable: taking no jobs until it answers again");
    else log.info({ workerId }, "the database answers again: polling resumes");
  });
  const stopHeartbeat = startHeartbeat(pgPool, workerId);
  const worker = await startWorker({ db: pgPool, workerId });
  log.info({ workerId, heapLimitMb: Math.round(heapLimitMb()) }, "worker started");

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "worker stopping: finishing in-flight polls");
    try {
      await worker.stop();
      await stopHeartbeat();
      await pgPool.end();
    } catch (err) {
      log.error({ err }, "worker did not stop cleanly");
      process.exitCode = 1;
    }
    process.exit();
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((err) => {
  if (err instanceof ConfigError) {
    console.error(`readahead worker: ${err.message}`);
  } else {
    log.fatal({ err }, "worker failed to start");
  }
  process.exit(1);
});
