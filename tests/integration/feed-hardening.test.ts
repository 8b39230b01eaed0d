/**
 * What a hostile feed must not get into our database, through the real poll path
 * (loopback fixture server, this file's own database): links in any scheme but
 * http(s), NUL characters Postgres cannot store, and unbounded Content-Encoding stacks.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "../../lib/env";
import { db } from "../../lib/db";
import { pollSource } from "../../lib/ingest/poll-source";
import { addSource as addSourceByUrl, importOpml } from "../../lib/sources/service";
import { startFixtureServer, type FixtureServer } from "../helpers/fixture-server";

process.env.FEED_FETCH_ALLOW_CIDRS = "127.0.0.1/32";
process.env.FEED_FETCH_TIMEOUT_MS = "5000";
resetEnvCache();

let fx: FixtureServer;
let n = 0;

async function addSource(urlPath: string) {
  n++;
  return db.source.create({ data: { slug: `h${n}`, title: `Source ${n}`, feedUrl: fx.url(`${urlPath}?source=${n}`) } });
}

beforeAll(async () => {
  fx = await startFixtureServer();
});
afterAll(async () => {
  await fx?.close();
});

const SAFE = /^https?:\/\//;

describe("links a feed supplies", () => {
  it.each(["/hostile/unsafe-links.xml", "/hostile/unsafe-links.json"])(
    "a poll of %s stores only http(s) site, article and image links",
    async (urlPath) => {
      const s = await addSource(urlPath);
      const result = await pollSource(s.id);
      expect(result).toMatchObject({ outcome: "ok" });
      const source = await db.source.findUniqueOrThrow({ where: { id: s.id } });
      expect(source.siteUrl).toBeNull();
      expect(source.imageUrl).toBeNull();
      const articles = await db.article.findMany({ where: { sourceId: s.id }, orderBy: { entryKey: "asc" } });
      expect(articles.length).toBeGreaterThanOrEqual(2);
      for (const a of articles) {
        if (a.url !== null) expect(a.url).toMatch(SAFE);
        if (a.imageUrl !== null) expect(a.imageUrl).toMatch(SAFE);
        if (a.canonicalUrl !== null) expect(a.canonicalUrl).toMatch(SAFE);
      }
      // The entries themselves are kept; only their unsafe links are dropped.
      expect(articles.some((a) => a.url === null)).toBe(true);
    },
  );

  it("a source added by URL or from OPML keeps no javascript: or data: site link", async () => {
    const added = await addSourceByUrl(db, fx.url("/hostile/unsafe-links.xml?added=1"));
    expect(added.siteUrl).toBeNull();
    const opml = `<?xml version="1.0"?><opml version="2.0"><body>
      <outline type="rss" text="x" xmlUrl="${fx.url("/feeds/site.json?opml=1")}" htmlUrl="javascript:alert(1)"/>
    </body></opml>`;
    const [imported] = await importOpml(db, opml);
    expect(imported).toMatchObject({ ok: true });
    const row = await db.source.findUniqueOrThrow({ where: { id: imported!.id! } });
    expect(row.siteUrl).toBeNull();
  });
});

describe("site links stored before polls filtered them", () => {
  it("are cleared by the migration, and http(s) ones kept", async () => {
    const bad = await db.source.create({
      data: { slug: "old-bad", title: "Old", feedUrl: "http://127.0.0.1/old-bad", siteUrl: "javascript:alert(1)", imageUrl: "data:image/png;base64,AA" },
    });
    const good = await db.source.create({
      data: { slug: "old-good", title: "Old", feedUrl: "http://127.0.0.1/old-good", siteUrl: "HTTPS://good.example/", imageUrl: "http://good.example/i.png" },
    });
    const sql = readFileSync(
      path.join(import.meta.dirname, "..", "..", "prisma", "migrations", "20261205100100_http_only_source_links", "migration.sql"),
      "utf8",
    );
    // As `prisma migrate deploy` runs it: one statement per semicolon.
    for (const statement of sql.split(";").map((s) => s.replace(/^\s*--.*$/gm, "").trim()).filter(Boolean)) {
      await db.$executeRawUnsafe(statement);
    }
    expect(await db.source.findUniqueOrThrow({ where: { id: bad.id } })).toMatchObject({ siteUrl: null, imageUrl: null });
    expect(await db.source.findUniqueOrThrow({ where: { id: good.id } })).toMatchObject({
      siteUrl: "HTTPS://good.example/",
      imageUrl: "http://good.example/i.png",
    });
  });
});

describe("NUL characters", () => {
  it("a JSON feed with \\u0000 in its strings is stored without them, and no item is lost", async () => {
    const s = await addSource("/hostile/nul.json");
    const result = await pollSource(s.id);
    expect(result).toMatchObject({ outcome: "ok", newArticles: 3 });
    const source = await db.source.findUniqueOrThrow({ where: { id: s.id } });
    expect(source.description).toBe("has NULs");
    const articles = await db.article.findMany({ where: { sourceId: s.id }, orderBy: { entryKey: "asc" } });
    expect(articles.map((a) => a.entryKey)).toEqual(["n1", "n2", "n3"]);
    const nul = articles[1]!;
    expect(nul.title).toBe("Title");
    expect(nul.author).toBe("Author");
    expect(nul.tags).toEqual(["tag"]);
    expect(nul.contentHtml).toContain("Body");
    expect(nul.excerpt).toBe("Summary");
    expect(articles[2]!.contentHtml).toContain("Plain text");
    for (const a of articles) expect(JSON.stringify(a)).not.toContain("\\u0000");
    // Re-polling the same bytes finds nothing new and nothing changed.
    expect(await pollSource(s.id)).toMatchObject({ outcome: "ok", newArticles: 0, updatedArticles: 0 });
  });

  it("an RSS feed with &#0; references stores every item without NUL", async () => {
    const s = await addSource("/hostile/nul.xml");
    expect(await pollSource(s.id)).toMatchObject({ outcome: "ok", newArticles: 2 });
    const articles = await db.article.findMany({ where: { sourceId: s.id } });
    for (const a of articles) expect(JSON.stringify(a)).not.toContain("\\u0000");
  });
});

describe("values longer than their columns", () => {
  it("a guid, link, image or author too long for its column does not cost the poll its other items", async () => {
    const long = (n: number) => "x".repeat(n);
    fx.serveBody(
      "/long-values.xml",
      `<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Long</title><link>https://long.example/${long(3000)}</link>
      <item><guid>${long(600)}</guid><title>Long guid</title><link>https://long.example/${long(3000)}</link><author>${long(400)}</author>
        <media:thumbnail url="https://long.example/${long(3000)}.png"/><description>One</description></item>
      <item><guid>short</guid><title>Short</title><link>https://long.example/2</link><description>Two</description></item>
      </channel></rss>`,
      { validators: false },
    );
    const s = await addSource("/long-values.xml");
    expect(await pollSource(s.id)).toMatchObject({ outcome: "ok", newArticles: 2 });
    const source = await db.source.findUniqueOrThrow({ where: { id: s.id } });
    expect(source.siteUrl).toBeNull(); // a cut URL would point elsewhere
    const long1 = await db.article.findFirstOrThrow({ where: { sourceId: s.id, title: "Long guid" } });
    expect(long1.entryKey).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(long1.url).toBeNull();
    expect(long1.imageUrl).toBeNull();
    expect(long1.author!.length).toBeLessThanOrEqual(300);
    // The same document again is the same entries.
    expect(await pollSource(s.id)).toMatchObject({ outcome: "ok", newArticles: 0, updatedArticles: 0 });
  });
});

describe("Content-Encoding layers", () => {
  it("decodes two stacked layers, and records three as that source's fetch error", async () => {
    const two = await addSource("/hostile/encoding-layers/2");
    expect(await pollSource(two.id)).toMatchObject({ outcome: "ok", newArticles: 2 });

    const three = await addSource("/hostile/encoding-layers/3");
    const result = await pollSource(three.id);
    expect(result.outcome).toBe("error");
    expect(result.error).toMatch(/too many Content-Encoding layers \(3; at most 2\)/);
    const after = await db.source.findUniqueOrThrow({ where: { id: three.id } });
    expect(after.lastError).toMatch(/too many Content-Encoding layers/);
    expect(after.errorCount).toBe(1);
    expect(await db.article.count({ where: { sourceId: three.id } })).toBe(0);
  });
});
