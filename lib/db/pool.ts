/**
 * The process's pg pool, on its own so the ingest path (lib/ingest) can use it
 * without loading Prisma's generated client (about 33 MB of a poll process's
 * memory). lib/db/index.ts builds the Prisma client over this same pool.
 */
import pg from "pg";
import { getEnv } from "../env";

/** What a single statement needs: the pool itself, or a client checked out of it for a transaction. */
export type Queryable = Pick<pg.Pool, "query">;

// Cached on globalThis so Next's dev reloads reuse one pool; keyed by URL because
// test files in one vitest worker each point DATABASE_URL at their own database.
const globalForPool = globalThis as unknown as { readaheadPool?: { url: string; pool: pg.Pool } };

/** The shared pool for the current DATABASE_URL (created on first use; does not connect). */
export function getPool(): pg.Pool {
  const env = getEnv();
  const url = env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/readahead_unconfigured";
  if (globalForPool.readaheadPool?.url !== url) {
    // Timestamps are stored as UTC wall time (Prisma's convention for timestamp(3));
    // pinning the session zone keeps SQL defaults and now() on the same convention.
    const pool = new pg.Pool({ connectionString: url, max: env.DB_POOL_MAX, options: "-c TimeZone=UTC", allowExitOnIdle: true });
    // An idle connection dropped by the server must not crash the process; the pool replaces it.
    pool.on("error", (err) => console.error(`readahead: idle database connection failed: ${err.message}`));
    globalForPool.readaheadPool = { url, pool };
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
    client.release(broken);
  }
}
