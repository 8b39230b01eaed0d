// `readahead parse` as operators run it: the real npm script, real files, JSON lines out.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const REPO = path.resolve(import.meta.dirname, "..", "..");

async function readahead(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("npm", ["run", "-s", "readahead", "--", ...args], { cwd: REPO, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : 1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "readahead-parse-"));
  writeFileSync(
    path.join(dir, "good.xml"),
    `<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="2.0"><channel><title>Caf\xe9 news</title><link>/</link><language>fr</language>
<item><title>First</title><link>posts/1</link><guid>g-1</guid><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate>
<description>&lt;p&gt;Hello &lt;script&gt;alert(1)&lt;/script&gt;&lt;a href="/x"&gt;x&lt;/a&gt;&lt;/p&gt;</description>
<enclosure url="/a.mp3" type="audio/mpeg" length="42"/><category>Food</category></item>
</channel></rss>`,
    "latin1",
  );
  writeFileSync(path.join(dir, "page.html"), "<!doctype html><html><body>not a feed</body></html>");
  writeFileSync(path.join(dir, "feed.json"), JSON.stringify({ version: "https://jsonfeed.org/version/1.1", title: "J", items: [{ id: "1", content_html: "<b>hi</b>" }] }));
}, 30_000);

describe("readahead parse", () => {
  it("prints one JSON line per file, exits 0 even when a file fails, and resolves against --url", { timeout: 90_000 }, async () => {
    const missing = path.join(dir, "missing.xml");
    const res = await readahead(["parse", path.join(dir, "good.xml"), path.join(dir, "page.html"), missing, path.join(dir, "feed.json"), "--url", "https://news.example/feed/rss"]);
    expect(res.code).toBe(0);
    const lines = res.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);

    const [good, page, gone, json] = lines;
    expect(good).toMatchObject({ file: path.join(dir, "good.xml"), ok: true });
    expect(good.feed).toEqual({ title: "Café news", link: "https://news.example/", description: null, language: "fr", image_url: null, author: null });
    expect(good.items[0]).toMatchObject({
      id: "g-1", title: "First", link: "https://news.example/feed/posts/1", published: "2003-06-10T04:00:00Z", updated: null,
      enclosures: [{ url: "https://news.example/a.mp3", type: "audio/mpeg", length: 42 }], categories: ["Food"],
    });
    expect(good.items[0].summary).toBe('<p>Hello <a href="https://news.example/x" rel="noopener noreferrer nofollow">x</a></p>');
    expect(Object.keys(good.items[0])).toEqual(["id", "title", "link", "published", "updated", "author", "summary", "content", "image_url", "enclosures", "categories"]);

    expect(page).toMatchObject({ ok: false, error: "not a feed: root element <html>", items: [] });
    expect(gone.ok).toBe(false);
    expect(gone.error).toMatch(/ENOENT/);
    expect(json).toMatchObject({ ok: true, feed: { title: "J" }, items: [{ id: "1", content: "<b>hi</b>" }] });
  });

  it("refuses bad usage with a clear message and exit code 2", { timeout: 60_000 }, async () => {
    const none = await readahead(["parse"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/usage: readahead parse FILE/);
    const badUrl = await readahead(["parse", path.join(dir, "good.xml"), "--url", "not a url"]);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toMatch(/--url must be an absolute URL/);
    expect(badUrl.stdout).toBe("");
  });
});
