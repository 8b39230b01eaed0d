// `npm test`: unit, integration and end-to-end tests against a real PostgreSQL.
//
// The database server: TEST_DATABASE_URL, else DATABASE_URL, else an embedded
// PostgreSQL started here (data in DATA_DIR/test-pg, port EMBEDDED_PG_PORT + 1).
// Tests create and drop their own databases on it, so the role needs CREATEDB.
//
// Extra arguments go to vitest, e.g. `npm test -- --project unit`.
import "dotenv/config";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../lib/db/embedded";
import { ConfigError, getEnv } from "../lib/env";

async function main(): Promise<number> {
  const env = getEnv();
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
  const args = ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)];
  const code = await new Promise<number>((resolve) => {
    const child = spawn(path.join("node_modules", ".bin", "vitest"), args, {
      stdio: "inherit",
      env: { ...process.env, TEST_ADMIN_DATABASE_URL: admin, NEXT_TELEMETRY_DISABLED: "1", LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" },
    });
    child.on("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
  if (embedded) await embedded.stop();
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numFailedTestSuites: number };
    // A file that fails before its tests run (a browser that will not launch, a failing
    // beforeAll) leaves its tests "skipped": say so, or the line would read as a pass.
    const brokenFiles = r.numFailedTestSuites > 0 ? `; ${r.numFailedTestSuites} test files or suites failed` : "";
    console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped${brokenFiles}`);
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`readahead tests: ${err instanceof ConfigError ? err.message : err}`);
    process.exit(1);
  },
);
