// `npm test`: unit, integration and end-to-end tests against a real PostgreSQL.
//
// The database server: TEST_DATABASE_URL, else DATABASE_URL, else an embedded
// PostgreSQL started here (data in DATA_DIR/test-pg, port EMBEDDED_PG_PORT + 1).
// Tests create and drop their own databases on it, so the role needs CREATEDB.
//
// Extra arguments go to vitest, e.g. `npm test -- --project unit`. With none (the whole
// suite, as CI runs it) the type check and ESLint run first, and either failing fails the
// run: they count as two checks in the closing line.
import "dotenv/config";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../lib/db/embedded";
import { ConfigError, getEnv } from "../lib/env";

/** Runs a command from node_modules/.bin to completion; resolves with its exit code. */
function run(bin: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise<number>((resolve) => {
    const child = spawn(path.join("node_modules", ".bin", bin), args, { stdio: "inherit", env });
    child.on("error", (err) => {
      console.error(`readahead tests: could not run ${bin}: ${err.message}`);
      resolve(1);
    });
    child.on("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
}

/** The type check and the linter; returns how many of the two failed. */
async function staticChecks(): Promise<{ passed: number; failed: number }> {
  const results = [
    { name: "typecheck (tsc --noEmit)", code: await run("tsc", ["--noEmit"]) },
    { name: "lint (eslint, Next.js rules)", code: await run("eslint", [".", "--max-warnings", "0"]) },
  ];
  for (const r of results) console.log(`readahead tests: ${r.name} ${r.code === 0 ? "passed" : "FAILED"}`);
  const failed = results.filter((r) => r.code !== 0).length;
  return { passed: results.length - failed, failed };
}

async function main(): Promise<number> {
  const env = getEnv();
  const vitestArgs = process.argv.slice(2);
  const checks = vitestArgs.length === 0 ? await staticChecks() : { passed: 0, failed: 0 };
  let embedded: EmbeddedDatabase | undefined;
  let admin = process.env.TEST_DATABASE_URL || env.DATABASE_URL;
  if (!admin) {
    const port = env.EMBEDDED_PG_PORT + 1;
    console.log(`readahead tests: no TEST_DATABASE_URL or DATABASE_URL; starting an embedded PostgreSQL on port ${port}`);
    embedded = await startEmbeddedDatabase({ dataDir: path.join(env.DATA_DIR, "test-pg"), port, database: "readahead_test" });
    admin = embedded.url;
  }
  // The JSON report gives the closing "N passed, N failed" line CI reads.
  mkdirSync(env.DATA_DIR, { recursive: true });
  const report = path.join(env.DATA_DIR, "vitest-report.json");
  rmSync(report, { force: true });
  const args = ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...vitestArgs];
  const code = await run("vitest", args, { ...process.env, TEST_ADMIN_DATABASE_URL: admin, NEXT_TELEMETRY_DISABLED: "1", LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" });
  if (embedded) await embedded.stop();
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numFailedTestSuites: number };
    // A file that fails before its tests run (a browser that will not launch, a failing
    // beforeAll) leaves its tests "skipped": say so, or the line would read as a pass.
    const brokenFiles = r.numFailedTestSuites > 0 ? `; ${r.numFailedTestSuites} test files or suites failed` : "";
    if (checks.passed + checks.failed > 0) {
      console.log(`readahead tests: vitest ${r.numPassedTests} passed, ${r.numFailedTests} failed; type check and lint ${checks.passed} passed, ${checks.failed} failed (counted below)`);
    }
    console.log(`tests: ${r.numPassedTests + checks.passed} passed, ${r.numFailedTests + checks.failed} failed, ${r.numPendingTests} skipped${brokenFiles}`);
  }
  return code !== 0 ? code : checks.failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`readahead tests: ${err instanceof ConfigError ? err.message : err}`);
    process.exit(1);
  },
);
