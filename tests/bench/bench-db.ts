/** A fresh, migrated database for one benchmark run, on TEST_DATABASE_URL / DATABASE_URL or the local server. */
import { migrateDatabase } from "../../lib/db/migrate";
import pg from "pg";

export function benchServerUrl(): string {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
}

/** Creates (replacing) database `name` on the bench server, migrates it, returns its URL. */
export async function createBenchDatabase(name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = benchServerUrl();
  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await run(`CREATE DATABASE "${name}"`);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  const url = u.toString();
  await migrateDatabase(url);
  return { url, drop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
