/**
 * The Prisma singleton for the app and the worker (pg driver adapter, no native
 * engine). Constructing it does not connect, so importing this module with no
 * database configured (as `next build` does) is harmless.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client";
import { getEnv } from "../env";

export { Prisma } from "../generated/prisma/client";
export type * from "../generated/prisma/client";

// Cached on globalThis so Next's dev reloads reuse one pool; keyed by URL because
// test files in one vitest worker each point DATABASE_URL at their own database.
const globalForDb = globalThis as unknown as { readaheadDb?: { url: string; client: PrismaClient; pool: pg.Pool } };

function getConnection(): { client: PrismaClient; pool: pg.Pool } {
  const env = getEnv();
  const url = env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/readahead_unconfigured";
  if (globalForDb.readaheadDb?.url !== url) {
    // Timestamps are stored as UTC wall time (Prisma's convention for timestamp(3));
    // pinning the session zone keeps SQL defaults and now() on the same convention.
    const pool = new pg.Pool({ connectionString: url, max: env.DB_POOL_MAX, options: "-c TimeZone=UTC", allowExitOnIdle: true });
    // An idle connection dropped by the server must not crash the process; the pool replaces it.
    pool.on("error", (err) => console.error(`readahead: idle database connection failed: ${err.message}`));
    const adapter = new PrismaPg(pool, { disposeExternalPool: true });
    globalForDb.readaheadDb = { url, client: new PrismaClient({ adapter }), pool };
  }
  return globalForDb.readaheadDb;
}

const connection = getConnection();

/** The shared client; one pool per process and database URL. */
export const db: PrismaClient = connection.client;

/**
 * The pg pool under `db`, for the few hot paths where Prisma's per-query cost was
 * measured to matter (ingest's write transaction; see lib/ingest/store-entries.ts).
 */
export const pgPool: pg.Pool = connection.pool;
