// The web app's statements are cancelled after WEB_STATEMENT_TIMEOUT_MS, so a slow
// or blocked query frees its pooled connection instead of holding it; the worker's
// pool has no such limit (its long jobs bound themselves per transaction).
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "../../lib/env";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

// This file plays the web app: Next sets NEXT_RUNTIME in its server process.
process.env.NEXT_RUNTIME = "nodejs";
process.env.WEB_STATEMENT_TIMEOUT_MS = "300";
resetEnvCache();
const { db } = await import("../../lib/db");
const { searchArticles } = await import("../../lib/search/queries");

let locker: pg.Client;

beforeAll(async () => {
  const src = await db.source.create({ data: { slug: "timeouts", title: "Timeouts", feedUrl: "http://127.0.0.1:9/t.xml" } });
  await db.article.create({
    data: { sourceId: src.id, entryKey: "t-1", title: "Lighthouse keeper", excerpt: "Foghorns.", publishedAt: new Date(), contentHash: "t-1" },
  });
  locker = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await locker.connect();
});
afterAll(async () => {
  await locker?.end();
});

describe("the web app's statement timeout", () => {
  it("cancels a statement that runs past it with an error that says so", async () => {
    const err = await db.$queryRawUnsafe("SELECT pg_sleep(10)::text").then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/statement timeout/);
    // The connection went back to the pool in working order.
    expect(await db.$queryRawUnsafe<{ one: number }[]>("SELECT 1 AS one")).toEqual([{ one: 1 }]);
  });

  it("turns a search stuck behind a lock into a clear answer instead of a hang", async () => {
    await locker.query("BEGIN");
    await locker.query("LOCK TABLE articles IN ACCESS EXCLUSIVE MODE");
    try {
      const r = await searchArticles("lighthouse");
      expect(r.unanswered).toBe("took-too-long");
      expect(r.hits).toEqual([]);
    } finally {
      await locker.query("ROLLBACK");
    }
    expect((await searchArticles("lighthouse")).hits).toHaveLength(1);
  });

  it("is not set on pools outside the web app (the worker, the command line)", async () => {
    const show = async (extra: Record<string, string>) => {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ["--import", "tsx", "-e", `import("./lib/db/pool.ts").then(async (m) => { const r = await m.pgPool.query("SHOW statement_timeout"); console.log(r.rows[0].statement_timeout); await m.pgPool.end(); })`],
        { cwd: ROOT, env: { PATH: process.env.PATH, NODE_ENV: "test", DATABASE_URL: process.env.DATABASE_URL, WEB_STATEMENT_TIMEOUT_MS: "300", ...extra } },
      );
      return stdout.trim();
    };
    expect(await show({})).toBe("0");
    expect(await show({ NEXT_RUNTIME: "nodejs" })).toBe("300ms");
  });
});
