// The parse pool runs parseForStore on real worker threads: same results as in
// process, one-line errors, and a document that exceeds the heap or time limit
// costs only its thread (replaced) and its own poll.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ParsePool } from "../../../lib/ingest/parse-pool";
import { parseForStore, ParserStoppedError, type ParseJob } from "../../../lib/ingest/parse-job";
import { REAL_FEEDS_DIR } from "../../helpers/corpus";

const REAL = REAL_FEEDS_DIR;
const podcast = readFileSync(path.join(REAL, "rss-parser/giantbomb-podcast.rss"));
const NOW = Date.parse("2026-11-29T12:00:00Z");

function job(body: Uint8Array | string, url = "https://feeds.example.org/feed"): ParseJob {
  return { body: typeof body === "string" ? Buffer.from(body) : body, url, contentType: null, now: NOW };
}

/** An RSS document of `items` items, each with a paragraph of body text. */
function bigFeed(items: number): Buffer {
  const parts = ["<rss version=\"2.0\"><channel><title>Big</title>"];
  for (let i = 0; i < items; i++) {
    parts.push(`<item><guid>g${i}</guid><title>Item ${i}</title><description>&lt;p&gt;${"word ".repeat(200)}${i}&lt;/p&gt;</description></item>`);
  }
  parts.push("</channel></rss>");
  return Buffer.from(parts.join(""));
}

let pool: ParsePool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe("ParsePool", () => {
  it("returns what parseForStore returns in process", async () => {
    pool = new ParsePool({ threads: 2 });
    const viaPool = await pool.run(job(podcast));
    const inProcess = parseForStore(job(podcast));
    expect(viaPool.entries).toHaveLength(730);
    expect(viaPool).toEqual(inProcess);
    expect(viaPool.entries[0]!.publishedAt).toBeInstanceOf(Date);
  });

  it("runs many jobs across its threads, each answered with its own result", async () => {
    pool = new ParsePool({ threads: 2 });
    const docs = Array.from({ length: 12 }, (_, i) => `<rss><channel><title>F${i}</title><item><guid>only</guid><title>T${i}</title></item></channel></rss>`);
    const results = await Promise.all(docs.map((d) => pool!.run(job(d))));
    expect(results.map((r) => r.entries[0]!.title)).toEqual(docs.map((_, i) => `T${i}`));
  });

  it("leaves the caller's buffer intact (the thread gets a copy)", async () => {
    pool = new ParsePool({ threads: 1 });
    const body = Buffer.from("<rss><channel><title>x</title></channel></rss>");
    await pool.run(job(body));
    expect(body.toString()).toBe("<rss><channel><title>x</title></channel></rss>");
  });

  it("rejects a document that is not a feed with the parser's one-line message", async () => {
    pool = new ParsePool({ threads: 1 });
    await expect(pool.run(job("<html><body>hello</body></html>"))).rejects.toThrow(/^not a feed: root element <html>$/);
    // the thread survives an ordinary parse error
    await expect(pool.run(job("<rss><channel><title>ok</title></channel></rss>"))).resolves.toMatchObject({ entries: [] });
  });

  it("fails a document that outgrows the thread's heap, then carries on with a fresh thread", async () => {
    pool = new ParsePool({ threads: 1, maxHeapMb: 64 });
    await expect(pool.run(job(bigFeed(40_000)))).rejects.toThrow("the document needed more than 64 MB to parse");
    const after = await pool.run(job(bigFeed(3)));
    expect(after.entries).toHaveLength(3);
  });

  it("abandons a parse that runs past the time limit, then carries on", async () => {
    pool = new ParsePool({ threads: 1, timeoutMs: 100 });
    await expect(pool.run(job(bigFeed(20_000)))).rejects.toThrow("parsing took longer than 0.1 s");
    const after = await pool.run(job(bigFeed(2)));
    expect(after.entries.map((e) => e.title)).toEqual(["Item 0", "Item 1"]);
  });

  it("on close, rejects queued and running jobs as stopped (not as feed errors)", async () => {
    pool = new ParsePool({ threads: 1 });
    await pool.run(job(bigFeed(1))); // the thread is up
    const running = expect(pool.run(job(bigFeed(5_000)))).rejects.toBeInstanceOf(ParserStoppedError);
    const queued = expect(pool.run(job(bigFeed(2)))).rejects.toBeInstanceOf(ParserStoppedError);
    await pool.close();
    await running;
    await queued;
    await expect(pool.run(job(bigFeed(1)))).rejects.toBeInstanceOf(ParserStoppedError);
  });
});
