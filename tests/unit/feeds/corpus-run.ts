// Runs corpus cases through a parser adapter and tallies pass rates per source and format,
// well-formed and lenient documents counted apart. Shared by the conformance test and the
// parser benchmark.
import { readFileSync } from "node:fs";
import path from "node:path";
import { CORPUS_DIR, checkCase, headerOf, type Check, type CorpusCase, type Neutral } from "./corpus-check";
import { FeedParseError, parseFeed } from "../../../lib/feeds/parse";
import { toParseOutput } from "../../../lib/feeds/parse-output";
import type { ParsedFeed } from "../../../lib/feeds/types";

export type Adapter = (bytes: Buffer, c: CorpusCase) => Promise<Neutral> | Neutral;

/** Our pipeline, through the same projection the `parse` command prints (plus image lists). */
export const ourAdapter: Adapter = (bytes, c) => {
  let parsed: ParsedFeed;
  try {
    parsed = parseFeed(bytes, { url: c.document_url ?? null, contentType: headerOf(c, "content-type"), contentLocation: headerOf(c, "content-location") });
  } catch (err) {
    if (err instanceof FeedParseError) return { error: err.message };
    return { error: String(err), crashed: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
  const out = toParseOutput(parsed);
  return {
    feed: { ...out.feed, updated: parsed.feed.updated, published: parsed.feed.published, author: out.feed?.author ? [out.feed.author] : [], image_urls: parsed.feed.image_urls, categories: parsed.feed.categories },
    items: out.items.map((it, i) => ({
      ...it,
      author: it.author ? [it.author] : [],
      enclosure_urls: it.enclosures.map((e) => e.url),
      image_urls: parsed.items[i]?.image_urls ?? [],
    })),
  };
};

export interface Tally { pass: number; total: number }
export interface CaseResult { c: CorpusCase; checks: Check[]; ms: number; crashed: boolean }
export interface RunSummary {
  results: CaseResult[];
  wellFormed: Tally;
  lenient: Tally;
  bySource: Map<string, { wellFormed: Tally; lenient: Tally }>;
  byFormat: Map<string, { wellFormed: Tally; lenient: Tally }>;
  crashes: number;
  slow: number;
  rejectTotal: number;
  rejectOk: number;
}

const SLOW_MS = 5000;
const bump = (t: Tally, ok: boolean) => { t.total++; if (ok) t.pass++; };
const group = () => ({ wellFormed: { pass: 0, total: 0 }, lenient: { pass: 0, total: 0 } });

/** Run every case through `adapter` and tally the assertions. */
export async function runCorpus(cases: CorpusCase[], adapter: Adapter): Promise<RunSummary> {
  const s: RunSummary = { results: [], wellFormed: { pass: 0, total: 0 }, lenient: { pass: 0, total: 0 }, bySource: new Map(), byFormat: new Map(), crashes: 0, slow: 0, rejectTotal: 0, rejectOk: 0 };
  for (const c of cases) {
    const bytes = readFileSync(path.join(CORPUS_DIR, c.file));
    const t0 = performance.now();
    let n: Neutral;
    try {
      n = await adapter(bytes, c);
    } catch (err) {
      n = { error: String(err), crashed: String(err) };
    }
    const ms = performance.now() - t0;
    const checks = checkCase(c, n);
    const crashed = Boolean(n.crashed);
    if (crashed) s.crashes++;
    if (ms > SLOW_MS) s.slow++;
    if (c.expect.should_reject) {
      s.rejectTotal++;
      if (checks[0]?.[1]) s.rejectOk++;
    }
    const source = c.id.split("/")[0] ?? c.source_repo; // the corpus key: feedparser, miniflux, ...
    if (!s.bySource.has(source)) s.bySource.set(source, group());
    if (!s.byFormat.has(c.format)) s.byFormat.set(c.format, group());
    for (const [, ok] of checks) {
      const kind = c.lenient ? "lenient" : "wellFormed";
      bump(s[kind], ok);
      bump(s.bySource.get(source)![kind], ok);
      bump(s.byFormat.get(c.format)![kind], ok);
    }
    s.results.push({ c, checks, ms, crashed });
  }
  return s;
}

const pct = (t: Tally) => (t.total ? `${((100 * t.pass) / t.total).toFixed(1)}% (${t.pass}/${t.total})` : "—");

/** The per-source and per-format table, as markdown. */
export function formatSummary(s: RunSummary): string {
  const lines = ["| group | well-formed | lenient |", "|---|---|---|"];
  for (const [k, v] of [...s.bySource].sort()) lines.push(`| ${k} | ${pct(v.wellFormed)} | ${pct(v.lenient)} |`);
  for (const [k, v] of [...s.byFormat].sort()) lines.push(`| format ${k} | ${pct(v.wellFormed)} | ${pct(v.lenient)} |`);
  lines.push(`| **all** | **${pct(s.wellFormed)}** | **${pct(s.lenient)}** |`);
  lines.push("", `crashes: ${s.crashes}; cases over 5 s: ${s.slow}; should_reject reported as errors: ${s.rejectOk}/${s.rejectTotal}`);
  return lines.join("\n");
}
