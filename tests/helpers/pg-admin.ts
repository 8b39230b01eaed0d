/**
 * Creating and dropping the throwaway databases tests run against. Every test
 * run migrates one template database; each test file gets a copy of it
 * (CREATE DATABASE … TEMPLATE takes ~50 ms), so files never see each other's rows.
 */
import pg from "pg";

/** The server tests may create databases on (set by scripts/test.ts). */
export function adminUrl(): string {
  const url = process.env.TEST_ADMIN_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error("no test database: run `npm test` (it starts one), or set TEST_DATABASE_URL");
  return url;
}

/** The same server, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query("SET client_min_messages TO warning");
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates `name`, optionally as a copy of `template`; returns its URL. */
export async function createDatabase(name: string, template?: string): Promise<string> {
  await withAdmin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}${template ? ` TEMPLATE ${c.escapeIdentifier(template)}` : ""}`);
  });
  return withDatabase(adminUrl(), name);
}

/** Drops `name`, disconnecting anyone still on it. */
export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`));
}

/** Drops every database whose name starts with `prefix` (leftovers of a run). */
export async function dropDatabasesWithPrefix(prefix: string): Promise<void> {
  await withAdmin(async (c) => {
    const { rows } = await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${prefix}%`]);
    for (const r of rows) await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(r.datname)} WITH (FORCE)`);
  });
}
