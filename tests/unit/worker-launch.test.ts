import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CLI_NODE_ARGS, CLI_SCRIPT, DEFAULT_WORKER_HEAP_MB, WORKER_SCRIPT, workerNodeArgs } from "../../jobs/node-args";

const pkg = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "..", "..", "package.json"), "utf8")) as { scripts: Record<string, string> };

describe("the worker's launch", () => {
  it("package.json starts the worker with the flags jobs/node-args.ts describes", () => {
    expect(pkg.scripts.worker).toBe(WORKER_SCRIPT);
    for (const flag of workerNodeArgs().map((f) => f.split("=")[0])) expect(pkg.scripts.worker).toContain(`${flag}=`);
  });

  it("passes WORKER_HEAP_MB on as the old-generation limit", () => {
    expect(workerNodeArgs(512)).toContain("--max-old-space-size=512");
    expect(workerNodeArgs()).toContain(`--max-old-space-size=${DEFAULT_WORKER_HEAP_MB}`);
  });
});

describe("the command line's launch", () => {
  it("package.json runs the command line with the flags jobs/node-args.ts describes", () => {
    expect(pkg.scripts.readahead).toBe(CLI_SCRIPT);
    for (const flag of CLI_NODE_ARGS) expect(pkg.scripts.readahead).toContain(` ${flag} `);
  });
});
