// The pool's side of surviving a database that goes away: a poll transaction whose
// connection the server closes (as a restart does, with 57P01) rejects instead of
// ending the process, writes nothing, and the process's outage state goes down and
// comes back up by itself with the next connection.
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { isDatabaseDown } from "../../lib/db/outage";
import { pgPool, withTransaction } from "../../lib/db/pool";

const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
await admin.connect();
afterAll(() => admin.end());

describe("withTransaction when the server closes its connection", () => {
  it("rejects, keeps nothing it wrote, and the pool recovers on the next connection", async () => {
    await admin.query("CREATE TABLE outage_probe (n int)");
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on("uncaughtException", onUncaught);
    try {
      const attempt = withTransaction(pgPool, async (sql) => {
        await sql.query("INSERT INTO outage_probe VALUES (1)");
        const { rows } = await sql.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
        // Between statements, as when Postgres restarts under an open transaction: the
        // server sends 57P01 and closes the socket with no query in flight.
        await admin.query("SELECT pg_terminate_backend($1)", [rows[0]!.pid]);
        await new Promise((r) => setTimeout(r, 200));
        await sql.query("INSERT INTO outage_probe VALUES (2)");
      });
      await expect(attempt).rejects.toThrow(/terminat|connection error/i);
      await new Promise((r) => setTimeout(r, 100));
      expect(uncaught).toEqual([]);
      expect(isDatabaseDown()).toBe(true);
    } finally {
      process.off("uncaughtException", onUncaught);
    }
    expect((await admin.query("SELECT count(*)::int AS n FROM outage_probe")).rows[0].n).toBe(0);
    // The next connection the pool opens says the database answers again.
    await pgPool.query("SELECT 1");
    expect(isDatabaseDown()).toBe(false);
    await withTransaction(pgPool, (sql) => sql.query("INSERT INTO outage_probe VALUES (3)"));
    expect((await admin.query("SELECT count(*)::int AS n FROM outage_probe")).rows[0].n).toBe(1);
  });
});
