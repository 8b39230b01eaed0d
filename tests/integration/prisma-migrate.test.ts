// Standard Prisma tooling must work on our migrations: `npx prisma migrate deploy` and
// `npx prisma migrate status` are what operators and deployment platforms run. Prisma's
// engine splits a script at every semicolon (inside function bodies and comments too),
// so this runs the real CLI, and checks that it builds the same schema as our own
// runner (lib/db/migrate.ts, which `npm start` and the tests use) and that a database
// migrated before the migrations were rewritten upgrades cleanly.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "../../lib/db/migrate";
import { createDatabase, dropDatabase } from "../helpers/pg-admin";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
// The five migrations as they were committed on 2026-11-30, before the search trigger
// became a generated column: what existing installations have applied.
const MIGRATIONS_2026_11_30 = path.join(ROOT, "tests", "fixtures", "migrations-2026-11-30");
const created: string[] = [];

async function freshDatabase(label: string): Promise<string> {
  const name = `readahead_prisma_${label}_${process.pid}`;
  created.push(name);
  return createDatabase(name);
}

afterAll(async () => {
  for (const name of created) await dropDatabase(name);
});

async function prisma(args: string[], databaseUrl: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(path.join(ROOT, "node_modules", ".bin", "prisma"), args, {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : 1, out: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

/**
 * The schema as the catalog describes it: every column (type, default, generation
 * expression, nullability), index definition, constraint definition, trigger and
 * function in the public schema, sorted. Equal fingerprints mean equal schemas.
 */
async function schemaFingerprint(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ line: string }>(`
      SELECT 'column ' || c.table_name || '.' || c.column_name || ' ' || c.data_type || coalesce('(' || c.character_maximum_length || ')', '')
             || ' null=' || c.is_nullable || ' default=' || coalesce(c.column_default, '-')
             || ' generated=' || coalesce(c.generation_expression, '-') AS line
        FROM information_schema.columns c WHERE c.table_schema = 'public'
      UNION ALL
      SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
      UNION ALL
      SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace
      UNION ALL
      SELECT 'trigger ' || tgrelid::regclass || ' ' || tgname FROM pg_trigger WHERE NOT tgisinternal
      UNION ALL
      SELECT 'function ' || proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace
      UNION ALL
      SELECT 'compression ' || attrelid::regclass || '.' || attname || ' ' || attcompression::text
        FROM pg_attribute WHERE attcompression <> '' AND attrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)
      ORDER BY 1`);
    return rows.map((r) => r.line);
  } finally {
    await client.end();
  }
}

/**
 * `pg_dump --schema-only`, without its per-run \\restrict keys; null when no pg_dump
 * that can talk to this server is installed (the catalog fingerprint still compares).
 */
async function schemaDump(databaseUrl: string): Promise<string | null> {
  try {
    const { stdout } = await promisify(execFile)("pg_dump", ["--schema-only", "--no-owner", databaseUrl], { maxBuffer: 16 * 1024 * 1024 });
    return stdout.replace(/^\\(un)?restrict .*$/gm, "");
  } catch {
    return null;
  }
}

describe("npx prisma migrate deploy / status", () => {
  it("migrates an empty database to the same schema our runner builds, and status agrees with both", { timeout: 240_000 }, async () => {
    const byPrisma = await freshDatabase("cli");
    const deploy = await prisma(["migrate", "deploy"], byPrisma);
    expect(deploy.out).toContain("All migrations have been successfully applied");
    expect(deploy.code).toBe(0);
    const statusAfterDeploy = await prisma(["migrate", "status"], byPrisma);
    expect(statusAfterDeploy.out).toContain("Database schema is up to date");
    expect(statusAfterDeploy.code).toBe(0);

    const byRunner = await freshDatabase("runner");
    await migrateDatabase(byRunner);
    const statusAfterRunner = await prisma(["migrate", "status"], byRunner);
    expect(statusAfterRunner.out).toContain("Database schema is up to date");

    const [cli, runner] = await Promise.all([schemaFingerprint(byPrisma), schemaFingerprint(byRunner)]);
    expect(cli.length).toBeGreaterThan(100);
    expect(cli).toEqual(runner);
    const [cliDump, runnerDump] = await Promise.all([schemaDump(byPrisma), schemaDump(byRunner)]);
    if (cliDump !== null && runnerDump !== null) expect(cliDump).toEqual(runnerDump);
    // The search vector is a generated column now: no function body for the engine to split.
    expect(cli.some((l) => l.startsWith("column articles.search tsvector") && l.includes("to_tsvector"))).toBe(true);
    expect(cli.filter((l) => l.startsWith("trigger ") || l.startsWith("function "))).toEqual([]);
  });

  it("upgrades a database migrated before the rewrite: deploy applies the rest, status reports nothing modified, and the schema matches a fresh one", { timeout: 240_000 }, async () => {
    const old = await freshDatabase("upgrade");
    await migrateDatabase(old, MIGRATIONS_2026_11_30);
    const client = new pg.Client({ connectionString: old });
    await client.connect();
    // An article stored under the trigger keeps a searchable vector after the upgrade.
    await client.query(`INSERT INTO sources (slug, title, "feedUrl", "updatedAt") VALUES ('s', 'S', 'https://example.org/feed', now())`);
    await client.query(
      `INSERT INTO articles ("sourceId", "entryKey", title, excerpt, "publishedAt", "contentHash", "updatedAt")
       VALUES (1, 'k', 'Quantum kittens', 'An excerpt', now(), 'h', now())`,
    );
    await client.end();

    const deploy = await prisma(["migrate", "deploy"], old);
    expect(deploy.code).toBe(0);
    const status = await prisma(["migrate", "status"], old);
    expect(status.out).toContain("Database schema is up to date");
    expect(status.out).not.toMatch(/modified/i);

    const fresh = await freshDatabase("fresh");
    await migrateDatabase(fresh);
    expect(await schemaFingerprint(old)).toEqual(await schemaFingerprint(fresh));

    const check = new pg.Client({ connectionString: old });
    await check.connect();
    const hit = await check.query(`SELECT title FROM articles WHERE search @@ websearch_to_tsquery('english', 'kittens')`);
    await check.end();
    expect(hit.rows).toEqual([{ title: "Quantum kittens" }]);
  });
});
