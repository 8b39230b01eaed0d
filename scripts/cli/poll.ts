// readahead poll --once [--all] [--source ID] [--concurrency N] [--no-related] [--stats]
// Polls due sources (or all active ones, or one) once, without the job queue, and
// prints one JSON line per source. Exits 0 even when sources fail: their outcome
// is the output. Related coverage for the new articles follows unless --no-related
// (the ingest benchmark measures polling alone; the worker runs it as its own job).
import { pgPool } from "../../lib/db/pool";
import { getEnv } from "../../lib/env";
import { defaultByteBudget } from "../../lib/ingest/byte-budget";
import { hostKey, KeyedLimiter, mapPool } from "../../lib/ingest/host-limiter";
import { pollSource } from "../../lib/ingest/poll-source";
import { parserForEnv } from "../../lib/ingest/parser-for-env";
import { selectSourcesToPoll, type SourceToPoll } from "../../lib/ingest/select-sources";
import { parseArgs } from "./args";

export async function run(args: string[]): Promise<number> {
  const { flags } = parseArgs(args, ["source", "concurrency"]);
  if (!flags.has("once")) {
    console.error("usage: readahead poll --once [--all] [--source ID]   (the continuous poller is `npm run worker`)");
    return 2;
  }
  const env = getEnv();
  let parsing: ReturnType<typeof parserForEnv> | undefined;
  try {
    const sourceFlag = flags.get("source");
    let sources: SourceToPoll[];
    if (typeof sourceFlag === "string") {
      const id = Number(sourceFlag);
      if (!Number.isInteger(id) || id <= 0) {
        console.error(`readahead: --source needs a source id, got ${JSON.stringify(sourceFlag)}`);
        return 2;
      }
      sources = await selectSourcesToPoll({ ids: [id] });
      if (sources.length === 0) {
        console.error(`readahead: no source with id ${id}`);
        return 1;
      }
    } else {
      sources = await selectSourcesToPoll(flags.has("all") ? { allActive: true } : { due: new Date() });
    }
    const ids = sources.map((s) => s.id);
    const concurrency = Number(flags.get("concurrency") ?? env.WORKER_CONCURRENCY) || env.WORKER_CONCURRENCY;
    const limiter = new KeyedLimiter(env.WORKER_PER_HOST_CONCURRENCY);
    const urls = new Map(sources.map((s) => [s.id, s.feedUrl]));
    const newIds: number[] = [];
    parsing = parserForEnv();
    const { parser } = parsing;
    const budget = defaultByteBudget();
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    await mapPool(ids, concurrency, async (id) => {
      const outcome = await limiter.run(hostKey(urls.get(id) ?? ""), () => pollSource(id, { force: typeof sourceFlag === "string", parser, budget }));
      newIds.push(...outcome.newArticleIds);
      const { newArticleIds: _ids, updatedArticles: _u, ...line } = outcome;
      console.log(JSON.stringify(line));
    });
    const pollMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuStart);
    if (!flags.has("no-related")) {
      const { afterPoll } = await import("../../lib/ingest/after-poll");
      await afterPoll(pgPool, newIds);
    }
    // --stats: timing and CPU (all threads, parse threads included) from the first poll
    // (process start-up excluded), and the process's peak RSS, for the ingest benchmark.
    if (flags.has("stats")) {
      console.error(JSON.stringify({ stats: { polls: ids.length, newArticles: newIds.length, pollMs: Math.round(pollMs), cpuMs: Math.round((cpu.user + cpu.system) / 1000), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) } }));
    }
    return 0;
  } finally {
    await parsing?.close();
    await pgPool.end();
  }
}
