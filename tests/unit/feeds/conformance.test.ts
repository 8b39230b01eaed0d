// Conformance against tests/fixtures/corpus (1250 cases from ten feed parsers' test suites), run
// through the same parseFeed + projection as `readahead parse`, scored by the corpus's rules
// (corpus-check.ts ports tools/neutral_check.py). Fails when the pass rate drops below the
// floor committed beside it; raise the floor in conformance-floor.json as the rate rises.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCases } from "./corpus-check";
import { formatSummary, ourAdapter, runCorpus, type RunSummary } from "./corpus-run";

const floor = JSON.parse(readFileSync(path.join(import.meta.dirname, "conformance-floor.json"), "utf8")) as {
  wellFormedPercent: number;
  lenientPercent: number;
};

const percent = (t: { pass: number; total: number }) => (100 * t.pass) / t.total;

describe("feed corpus conformance", () => {
  let summary: RunSummary;

  it("parses every corpus case without a crash or a hang", { timeout: 120_000 }, async () => {
    summary = await runCorpus(loadCases(), ourAdapter);
    console.log(`\n${formatSummary(summary)}\n`);
    expect(summary.results.length).toBeGreaterThan(1000);
    const crashed = summary.results.filter((r) => r.crashed).map((r) => r.c.id);
    expect(crashed).toEqual([]);
    expect(summary.slow).toBe(0);
  });

  it("reports every should_reject document as an error", () => {
    expect(summary.rejectTotal).toBeGreaterThan(0);
    expect(summary.rejectOk).toBe(summary.rejectTotal);
  });

  it("stays at or above the committed floor on well-formed and lenient documents", () => {
    expect(percent(summary.wellFormed)).toBeGreaterThanOrEqual(floor.wellFormedPercent);
    expect(percent(summary.lenient)).toBeGreaterThanOrEqual(floor.lenientPercent);
  });
});
