/**
 * The Prisma singleton for the app and the worker (pg driver adapter, no native
 * engine). Constructing it does not connect, so importing this module with no
 * database configured (as `next build` does) is harmless.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { getEnv } from "../env";

export { Prisma } from "../generated/prisma/client";
export type * from "../generated/prisma/client";

// Cached on globalThis so Next's dev reloads reuse one pool; keyed by URL because
// test files in one vitest worker each point DATABASE_URL at their own database.
const globalForDb = globalThis as unknown as { readaheadDb?: { url: string; client: PrismaClient } };

function getClient(): PrismaClient {
  const env = getEnv();
  const url = env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/readahead_unconfigured";
  if (globalForDb.readaheadDb?.url !== url) {
    // Timestamps are stored as UTC wall time (Prisma's convention for timestamp(3));
    // pinning the session zone keeps SQL defaults and now() on the same convention.
    const adapter = new PrismaPg({ connectionString: url, max: env.DB_POOL_MAX, options: "-c TimeZone=UTC" });
    globalForDb.readaheadDb = { url, client: new PrismaClient({ adapter }) };
  }
  return globalForDb.readaheadDb.client;
}

/** The shared client; one pool per process and database URL. */
export const db: PrismaClient = getClient();
