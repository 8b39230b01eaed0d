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

/**
 * CPU seconds the database server has used so far (the postmaster, its live
 * processes and those it has reaped), when it runs on this machine; null when it
 * does not (or /proc is not readable). Differences between two readings tell how
 * much of a phase's cost was the server's.
 */
export async function serverCpuSeconds(url: string): Promise<number | null> {
  const { readFileSync, readdirSync } = await import("node:fs");
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    const statOf = (pid: number) => {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    };
    const postmaster = Number(statOf(rows[0]!.pid)[1]);
    const ticks = 100; // USER_HZ on Linux
    let total = 0;
    const f = statOf(postmaster); // fields after the name: state, ppid, …; utime is the 12th
    total += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    for (const d of readdirSync("/proc")) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const s = statOf(Number(d));
        if (Number(s[1]) === postmaster) total += Number(s[11]) + Number(s[12]);
      } catch {
        // exited meanwhile
      }
    }
    return total / ticks;
  } catch {
    return null;
  } finally {
    await c.end();
  }
}
