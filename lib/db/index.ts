/**
 * The Prisma singleton for the app and the worker (pg driver adapter, no native
 * engine). Constructing it does not connect, so importing this module with no
 * database configured (as `next build` does) is harmless.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import { PrismaClient } from "../generated/prisma/client";
import { noteDatabaseFailure } from "./outage";
import { pgPool } from "./pool";

export { Prisma } from "../generated/prisma/client";
export type * from "../generated/prisma/client";

// One Prisma client per pool (see ./pool.ts for the pool's cache by URL).
const globalForDb = globalThis as unknown as { readaheadDb?: { pool: pg.Pool; client: PrismaClient } };

function getClient(pool: pg.Pool): PrismaClient {
  if (globalForDb.readaheadDb?.pool !== pool) {
    // A transaction's connection that breaks while checked out is reported here (the
    // pool's own observers see only connects and pool.query; see ./pool.ts).
    const adapter = new PrismaPg(pool, { disposeExternalPool: true, onConnectionError: (err) => void noteDatabaseFailure(err) });
    globalForDb.readaheadDb = { pool, client: new PrismaClient({ adapter }) };
  }
  return globalForDb.readaheadDb.client;
}

export { pgPool };

/** The shared client; one pool per process and database URL. */
export const db: PrismaClient = getClient(pgPool);
