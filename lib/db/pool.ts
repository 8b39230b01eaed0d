/**
 * The process's pg pool, on its own so the ingest path (lib/ingest) can use it
 * without loading Prisma's generated client (about 33 MB of a poll process's
 * memory). lib/db/index.ts builds the Prisma client over this same pool.
 */
import pg from "pg";
import { getEnv, isNextServer } from "../env";
import { noteDatabaseFailure, noteDatabaseReachable } from "./outage";

/** What a single statement needs: the pool itself, or a client checked out of it for a transaction. */
export type Queryable = Pick<pg.Pool, "query">;

// Cached on globalThis so Next's dev reloads reuse one pool; keyed by URL because
// test files in one vitest worker each point DATABASE_URL at their own database.
const globalForPool = globalThis as unknown as { readaheadPool?: { key: string; pool: pg.Pool } };

/**
 * The session settings of this process's connections. Timestamps are stored as UTC
 * wall time (Prisma's convention for timestamp(3)); pinning the session zone keeps
 * SQL defaults and now() on the same convention. The web app's statements are
 * cancelled after WEB_STATEMENT_TIMEOUT_MS: a request that asks for something slow
 * (or waits on a lock) gives its connection back instead of holding one of the
 * pool's few for as long as the query runs. The worker gets no session limit: its
 * poll transactions set their own (withTransaction's timeoutMs), and its batch
 * statements (hot-rank refresh, related coverage) may rightly run longer.
 */
function sessionOptions(): string {
  const timeout = isNextServer() ? ` -c statement_timeout=${getEnv().WEB_STATEMENT_TIMEOUT_MS}` : "";
  return `-c TimeZone=UTC${timeout}`;
}

// How long a caller waits for a connection: to open one, or for one of the pool's
// DB_POOL_MAX to come free. Without it a request waits forever when the server drops
// packets instead of refusing (a host that went away), or when every pooled
// connection is stuck; with it the caller fails and the web app answers 503.
export const CONNECT_TIMEOUT_MS = 5_000;

type ConnectCallback = (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void;

/**
 * Feeds lib/db/outage.ts from the pool: a connection that opens marks the database up;
 * a connect or pool.query that fails because the server is unreachable marks it down.
 * (pool.query checks out through this.connect, so wrapping connect covers both; the
 * query's own failure, e.g. 57P01 when the server shuts down mid-statement, is seen on
 * its promise.) The caller still gets every error as before.
 */
function observeAvailability(pool: pg.Pool): void {
  pool.on("connect", () => noteDatabaseReachable());
  const connect = pool.connect.bind(pool) as (cb?: ConnectCallback) => Promise<pg.PoolClient> | undefined;
  const observedConnect = (cb?: ConnectCallback) => {
    if (cb) {
      return connect((err, client, done) => {
        if (err) noteDatabaseFailure(err);
        cb(err, client, done);
      });
    }
    return connect()!.catch((err: unknown) => {
      noteDatabaseFailure(err);
      throw err;
    });
  };
  pool.connect = observedConnect as typeof pool.connect;
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  const observedQuery = (...args: unknown[]) => {
    const result = query(...args);
    if (result instanceof Promise) result.catch((err: unknown) => void noteDatabaseFailure(err));
    return result;
  };
  pool.query = observedQuery as typeof pool.query;
}

/** The shared pool for the current DATABASE_URL (created on first use; does not connect). */
export function getPool(): pg.Pool {
  const env = getEnv();
  const url = env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/readahead_unconfigured";
  const options = sessionOptions();
  const key = `${url} ${options}`;
  if (globalForPool.readaheadPool?.key !== key) {
    // keepAlive: TCP keepalives notice a server that vanished without closing the connection.
    const pool = new pg.Pool({ connectionString: url, max: env.DB_POOL_MAX, options, allowExitOnIdle: true, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true });
    // An idle connection dropped by the server must not crash the process; the pool replaces it.
    pool.on("error", (err) => {
      noteDatabaseFailure(err);
      console.error(`readahead: idle database connection failed: ${err.message}`);
    });
    observeAvailability(pool);
    globalForPool.readaheadPool = { key, pool };
  }
  return globalForPool.readaheadPool.pool;
}

/**
 * The pg pool under `db` (lib/db), for the hot paths where Prisma's per-query cost
 * was measured to matter (ingest's write transaction; see lib/ingest/store-entries.ts).
 */
export const pgPool: pg.Pool = getPool();

/**
 * Runs `fn` in BEGIN … COMMIT on one connection of `pool`, rolling back if it
 * throws. `timeoutMs` bounds each statement (SET LOCAL statement_timeout), so a
 * transaction stuck behind a lock fails instead of holding its connection forever.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  fn: (sql: pg.PoolClient) => Promise<T>,
  opts: { timeoutMs?: number } = {},
): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  // The pool listens for errors only on idle connections. If the server goes away while
  // this one is checked out (a restart sends 57P01 and closes it), pg emits 'error' on the
  // client, which unheard would end the process; the statement in flight, or the next
  // one, fails with it instead, and the broken connection is dropped below.
  const onClientError = (err: Error) => {
    broken = true;
    noteDatabaseFailure(err);
  };
  client.on("error", onClientError);
  try {
    await client.query("BEGIN");
    if (opts.timeoutMs !== undefined) await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.round(opts.timeoutMs))}`);
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    // A connection whose ROLLBACK failed is in an unknown state: drop it from the pool.
    await client.query("ROLLBACK").catch(() => {
      broken = true;
    });
    throw err;
  } finally {
    client.removeListener("error", onClientError);
    client.release(broken);
  }
}
