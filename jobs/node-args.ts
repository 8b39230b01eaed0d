/**
 * The Node flags the worker and the command line run under: package.json's "worker"
 * script and scripts/start.ts both start the worker with workerNodeArgs, and the
 * "readahead" script runs the command line with CLI_NODE_ARGS
 * (tests/unit/worker-launch.test.ts keeps the scripts in step with this module).
 *
 * Why set them at all: left to itself V8 sizes the heap to the machine (about 4 GB
 * here) and collects lazily, so a worker that needs ~100 MB live sat at 330 MB of
 * RSS after a cold ingest of 360 feeds, almost all of it garbage not yet collected.
 * An old-generation limit makes it collect before growing, and small young-generation
 * semi-spaces keep the nursery (three semi-spaces) from holding tens of MB. Measured
 * with `BENCH_ONLY=worker npm run bench:ingest`: peak RSS 336 MB with neither, 207-225 MB
 * with both. The price is collection work: a CPU profile of that ingest showed the
 * worker's main thread spending 2.1 s in GC with the flags against 0.8 s without.
 *
 * The limit is a hard one: work that needs more heap kills the process. What the
 * worker holds is bounded so that 256 MB has room to spare: parsed feeds by the byte
 * budget (lib/ingest/byte-budget.ts, an eighth of the limit), related coverage's
 * candidates by DEFAULT_MAX_CANDIDATES and its term memo by its own cap.
 */
import { getHeapStatistics } from "node:v8";
import { DEFAULT_WORKER_HEAP_MB } from "../lib/env";

export { DEFAULT_WORKER_HEAP_MB };
export const WORKER_SEMI_SPACE_MB = 4;

/** The flags for a worker with an old-generation limit of `heapMb`. */
export function workerNodeArgs(heapMb: number = DEFAULT_WORKER_HEAP_MB): string[] {
  return [`--max-old-space-size=${heapMb}`, `--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`];
}

/**
 * The whole command line, as package.json's "worker" script spells it: the heap
 * limit from WORKER_HEAP_MB in the environment (the shell fills it in), else the default.
 */
export const WORKER_SCRIPT = `node --max-old-space-size=\${WORKER_HEAP_MB:-${DEFAULT_WORKER_HEAP_MB}} --max-semi-space-size=${WORKER_SEMI_SPACE_MB} --import tsx jobs/main.ts`;

/**
 * Whether this process runs under (about) the heap limit `heapMb` asks for. V8's
 * heap_size_limit is the old generation plus the young one (a few MB more).
 */
export function runsWithHeapLimit(heapMb: number): boolean {
  const limitMb = heapLimitMb();
  return limitMb >= heapMb && limitMb <= heapMb + 64;
}

/** This process's V8 heap limit, MB. */
export function heapLimitMb(): number {
  return getHeapStatistics().heap_size_limit / (1024 * 1024);
}

/**
 * The command line's flags. `poll --once` is a batch job, where throughput counts and
 * pauses do not: with V8's default parallel and concurrent collection, four helper
 * threads spent about 3.9 s of CPU beside the event loop's 2.3 s and the parse
 * thread's 6.2 s in one cold ingest of bench:ingest (per-thread CPU from /proc), on a
 * machine of two cores where Postgres needs the same cores. Collecting on the thread
 * that allocates took 1.5-2 s less CPU in all, and the cold ingest about a tenth
 * less time (ratios 0.51-0.59 against 0.45-0.64 in runs side by side). The worker
 * keeps parallel collection: it measured no faster with this flag, and its event
 * loop runs timers the polls depend on.
 */
export const CLI_NODE_ARGS = ["--single-threaded-gc"];

/** package.json's "readahead" script. */
export const CLI_SCRIPT = `node ${CLI_NODE_ARGS.join(" ")} --import tsx scripts/cli.ts`;
