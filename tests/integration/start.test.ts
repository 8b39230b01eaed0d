/**
 * `npm start` as a user runs it: the embedded database on first and second
 * start, an existing DATABASE_URL, and misconfiguration reported in one line.
 */
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_SOURCES } from "../../lib/sources/default-sources";
import { freePort, ensureProductionBuild } from "../helpers/app-server";
import { adminUrl, createDatabase, dropDatabase } from "../helpers/pg-admin";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const dataDir = mkdtempSync(path.join(tmpdir(), "readahead-start-"));
// mkdtemp makes it 0700; as root the embedded server runs as "postgres" and must reach it.
chmodSync(dataDir, 0o755);

interface Started {
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill: (signal: NodeJS.Signals) => void;
}

function start(env: Record<string, string | undefined>): Started {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, RUN_WORKER: "false", LOG_LEVEL: "warn", ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  const child = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), ["scripts/start.ts"], { cwd: ROOT, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  return {
    output: () => out,
    exit: new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal }))),
    kill: (signal) => child.kill(signal),
  };
}

async function waitFor200(url: string, started: Started, timeoutMs = 120_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.status === 200) return await res.text();
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no 200 from ${url}:\n${started.output()}`);
}

async function countSources(url: string): Promise<{ total: number; distinctUrls: number }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ total: string; distinct: string }>('SELECT count(*) AS total, count(DISTINCT "feedUrl") AS distinct FROM sources');
    return { total: Number(rows[0]!.total), distinctUrls: Number(rows[0]!.distinct) };
  } finally {
    await c.end();
  }
}

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe("npm start", () => {
  it("with no DATABASE_URL: embedded Postgres, 200 with the header, and seeded sources survive a restart undoubled", async () => {
    await ensureProductionBuild();
    const [port, pgPort] = [await freePort(), await freePort()];
    const env = { DATABASE_URL: "", PORT: String(port), EMBEDDED_PG_PORT: String(pgPort) };
    const embeddedUrl = `postgresql://postgres:readahead-embedded@127.0.0.1:${pgPort}/readahead`;
    for (let round = 1; round <= 2; round++) {
      const app = start(env);
      const html = await waitFor200(`http://127.0.0.1:${port}/`, app);
      expect(html).toMatch(/\$<\/span> readahead/);
      expect(await countSources(embeddedUrl)).toEqual({ total: DEFAULT_SOURCES.length, distinctUrls: DEFAULT_SOURCES.length });
      app.kill("SIGINT");
      const { code } = await app.exit;
      expect(code).toBe(0);
      expect(app.output()).toContain("data kept for the next start");
    }
  }, 300_000);

  it("with DATABASE_URL: migrates and seeds that database and serves it", async () => {
    const name = `readahead_start_${process.pid}`;
    const url = await createDatabase(name);
    try {
      const port = await freePort();
      const app = start({ DATABASE_URL: url, PORT: String(port) });
      const html = await waitFor200(`http://127.0.0.1:${port}/`, app);
      expect(html).toMatch(/\$<\/span> readahead/);
      const health = await (await fetch(`http://127.0.0.1:${port}/api/health`)).json();
      expect(health.database.ok).toBe(true);
      expect((await countSources(url)).total).toBe(DEFAULT_SOURCES.length);
      app.kill("SIGTERM");
      expect((await app.exit).code).toBe(0);
    } finally {
      await dropDatabase(name);
    }
  }, 180_000);

  it.each([
    [{ PORT: "abc" }, /^readahead: invalid setting PORT \(got "abc"\): .+$/],
    [{ DATABASE_URL: "postgresql://postgres@127.0.0.1:1/nowhere" }, /^readahead: cannot connect to DATABASE_URL \(127\.0\.0\.1:1\/nowhere\): .+$/],
    [{ DATABASE_URL: "mysql://root@localhost/x" }, /^readahead: invalid setting DATABASE_URL .+$/],
  ])("exits 1 with one clear line for %o", async (env, line) => {
    const app = start({ DATABASE_URL: adminUrl(), ...env });
    const { code } = await app.exit;
    expect(code).toBe(1);
    const lines = app.output().trim().split("\n").filter((l) => !l.startsWith(">") && l.trim() !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
  }, 60_000);
});
