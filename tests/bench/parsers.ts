// Feed parser comparison: `npx tsx tests/bench/parsers.ts`.
// Per candidate: corpus assertion pass rate (well-formed and lenient documents apart, scored by
// tests/unit/feeds/corpus-check.ts, the port of the corpus's reference checker), crashes and
// slow cases, should_reject handling, the two hostile documents of our security requirement
// (entity expansion, external entity), and parse throughput on tests/fixtures/corpus/feeds/real.
// Prints figures; asserts nothing (house rule for benchmarks).
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { CORPUS_DIR, headerOf, loadCases, type Neutral } from "../unit/feeds/corpus-check";
import { ourAdapter, runCorpus, type Adapter } from "../unit/feeds/corpus-run";
import { decodeFeedBytes } from "../../lib/feeds/charset";
import { parseFeed } from "../../lib/feeds/parse";
import { feedsmithAdapter, rssParserAdapter } from "./parser-adapters";
import { BILLION_LAUGHS as LAUGHS } from "../helpers/hostile-routes";

interface Candidate {
  name: string;
  adapter: Adapter;
  /** Parse bytes and return the item count (throughput run). */
  parseItems: (bytes: Buffer) => Promise<number> | number;
}

const decode = (bytes: Buffer, contentType: string | null = null) => decodeFeedBytes(bytes, contentType);

const CANDIDATES: Candidate[] = [
  {
    name: "readahead (htmlparser2 tokenizer + own mapping)",
    adapter: ourAdapter,
    parseItems: (b) => parseFeed(b).items.length,
  },
  {
    name: "rss-parser 3.13.0 (defaultRSS: 2)",
    adapter: (b, c) => rssParserAdapter(decode(b, headerOf(c, "content-type"))),
    parseItems: async (b) => (await rssParserAdapter(decode(b))).items?.length ?? 0,
  },
  {
    name: "feedsmith 3.0.1",
    adapter: (b, c) => feedsmithAdapter(decode(b, headerOf(c, "content-type"))),
    parseItems: (b) => feedsmithAdapter(decode(b)).items?.length ?? 0,
  },
];

const XXE = `<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>xxe</title><item><title>&xxe;</title><description>&xxe;</description></item></channel></rss>`;

async function hostile(c: Candidate, doc: string, leak: RegExp): Promise<string> {
  const t0 = performance.now();
  const n: Neutral = await c.adapter(Buffer.from(doc), { id: "hostile", source_repo: "x/x", file: "", format: "rss2", expect: {} });
  const ms = performance.now() - t0;
  const values = JSON.stringify(n.items ?? []);
  const verdict = leak.test(values) ? "EXPANDED" : n.error ? "rejected" : "not expanded";
  return `${verdict}, ${ms.toFixed(0)} ms, ${(values.length / 1024).toFixed(0)} KiB out`;
}

function realFeeds(): Buffer[] {
  const out: Buffer[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (!name.startsWith("UPSTREAM")) out.push(readFileSync(p));
    }
  };
  walk(path.join(CORPUS_DIR, "feeds", "real"));
  return out;
}

async function throughput(c: Candidate, feeds: Buffer[]): Promise<{ itemsPerSec: number; items: number; mbPerSec: number }> {
  const bytes = feeds.reduce((n, b) => n + b.length, 0);
  let best = Infinity;
  let items = 0;
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now();
    items = 0;
    for (const f of feeds) {
      try {
        items += await c.parseItems(f);
      } catch {
        // a rejected real feed counts as zero items
      }
    }
    best = Math.min(best, performance.now() - t0);
  }
  return { items, itemsPerSec: (items / best) * 1000, mbPerSec: bytes / 1e6 / (best / 1000) };
}

const pct = (t: { pass: number; total: number }) => `${((100 * t.pass) / t.total).toFixed(1)}% (${t.pass}/${t.total})`;

async function main(): Promise<void> {
  const cases = loadCases();
  const feeds = realFeeds();
  const rows: string[] = [];
  for (const c of CANDIDATES) {
    process.stderr.write(`running ${c.name}...\n`);
    const s = await runCorpus(cases, c.adapter);
    const all = { pass: s.wellFormed.pass + s.lenient.pass, total: s.wellFormed.total + s.lenient.total };
    const tp = await throughput(c, feeds);
    const laughs = await hostile(c, LAUGHS, /(lol){20}/);
    const xxe = await hostile(c, XXE, /root:/);
    rows.push(
      `| ${c.name} | ${pct(all)} | ${pct(s.wellFormed)} | ${pct(s.lenient)} | ${s.crashes} / ${s.slow} | ${s.rejectOk}/${s.rejectTotal} | ${laughs} | ${xxe} | ${Math.round(tp.itemsPerSec)} (${tp.mbPerSec.toFixed(1)} MB/s, ${tp.items} items) |`,
    );
  }
  console.log("| candidate | all assertions | well-formed | lenient | crashes / cases > 5 s | should_reject → error | billion laughs | external entity | items/s on feeds/real |");
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const r of rows) console.log(r);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
