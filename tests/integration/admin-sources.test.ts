// The source console's service (issue 14): the health table, bulk actions with one
// log row per changed source, and adding by site URL against the loopback fixture server.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { exportSourcesOpml, importChosenFeeds, previewOpml } from "../../lib/admin/opml";
import { createOpmlRun, executeOpmlRun, getOpmlRun } from "../../lib/admin/opml-runs";
import { SOURCES_PER_PAGE, SourceConsoleError, addSourceFromConsole, applySourceOp, listSourceHealth } from "../../lib/admin/sources";
import { SuggestionError, approveSuggestion, listPendingSuggestions, rejectSuggestion, suggestSource } from "../../lib/sources/suggestions";
import { REAL_FEEDS_DIR } from "../helpers/corpus";
import { startFixtureServer, type FixtureServer } from "../helpers/fixture-server";
import { makeMember } from "./members-fixtures";

process.env.FEED_FETCH_ALLOW_CIDRS = "127.0.0.1/32";
resetEnvCache();

let fx: FixtureServer;
let failing = false;

beforeAll(async () => {
  fx = await startFixtureServer();
  fx.serveFile("/blog/feed.xml", path.join(REAL_FEEDS_DIR, "miniflux", "large_atom.xml"));
  fx.serveBody("/blog/", `<!doctype html><html><head><title>Blog</title><link rel="alternate" type="application/atom+xml" href="/blog/feed.xml"></head><body>hi</body></html>`, { contentType: "text/html" });
  fx.route("/flaky.xml", (_req, res) => {
    if (failing) {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end("down for maintenance");
      return;
    }
    res.writeHead(200, { "content-type": "application/rss+xml" });
    res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Flaky</title><link>${fx.url("/")}</link><item><title>One</title><link>${fx.url("/one")}</link><guid>one</guid></item></channel></rss>`);
  });
});
afterAll(async () => fx?.close());

async function makeAdmin(role: "admin" | "moderator" = "admin") {
  const m = await makeMember();
  await db.user.update({ where: { id: m.id }, data: { role } });
  return { ...m, role };
}

describe("the source console", () => {
  it("adds a source by its site URL, stores its articles at once, and logs it", async () => {
    const admin = await makeAdmin();
    const { source, newArticles, outcome } = await addSourceFromConsole(admin, fx.url("/blog/"));
    expect(source.feedUrl).toBe(fx.url("/blog/feed.xml"));
    expect(outcome).toBe("ok");
    expect(newArticles).toBeGreaterThan(0);
    expect(await db.article.count({ where: { sourceId: source.id } })).toBe(newArticles);
    const { rows } = await listSourceHealth();
    const row = rows.find((r) => r.id === source.id)!;
    expect(row).toMatchObject({ articleCount: newArticles, errorCount: 0, lastOutcome: "ok", host: new URL(fx.origin).host });
    expect(row.lastNewAt).not.toBeNull();
    expect(row.perDay).toHaveLength(30);
    expect(await db.moderationLogEntry.count({ where: { targetType: "source", targetId: String(source.id), action: "add" } })).toBe(1);
  });

  it("fetches a new source's feed once: discovery's response is its first poll (console and `sources add` share addSource)", async () => {
    const admin = await makeAdmin();
    fx.serveFile("/once/feed.xml", path.join(REAL_FEEDS_DIR, "miniflux", "large_atom.xml"));
    fx.serveBody("/once/", `<!doctype html><html><head><title>Once</title><link rel="alternate" type="application/atom+xml" href="/once/feed.xml"></head><body>hi</body></html>`, { contentType: "text/html" });
    const { source, newArticles, outcome } = await addSourceFromConsole(admin, fx.url("/once/"));
    expect(outcome).toBe("ok");
    expect(newArticles).toBeGreaterThan(0);
    expect(await db.article.count({ where: { sourceId: source.id } })).toBe(newArticles);
    expect(fx.hits("/once/")).toBe(1);
    expect(fx.hits("/once/feed.xml")).toBe(1);
    // The stored response is a real poll: one fetch-log row, the schedule moved past now.
    const logs = await db.fetchLog.findMany({ where: { sourceId: source.id } });
    expect(logs.map((l) => [l.outcome, l.newItems])).toEqual([["ok", newArticles]]);
    const row = await db.source.findUniqueOrThrow({ where: { id: source.id } });
    expect(row.lastFetchedAt).not.toBeNull();
    expect(row.nextCheckAt.getTime()).toBeGreaterThan(Date.now());

    // A feed URL given directly: one request too.
    fx.serveFile("/once-direct.xml", path.join(REAL_FEEDS_DIR, "miniflux", "large_atom.xml"));
    const direct = await addSourceFromConsole(admin, fx.url("/once-direct.xml"));
    expect(direct.newArticles).toBeGreaterThan(0);
    expect(fx.hits("/once-direct.xml")).toBe(1);
  });

  it("shows a source that starts failing under failing, first, with its error and count; reset and pause change it and log once per source", async () => {
    const admin = await makeAdmin();
    failing = false;
    const { source } = await addSourceFromConsole(admin, fx.url("/flaky.xml"));
    failing = true;
    const polled = await applySourceOp(admin, "poll", [source.id]);
    expect(polled.results![0]).toMatchObject({ id: source.id, outcome: "error" });
    let health = await listSourceHealth();
    expect(health.rows[0]!.id).toBe(source.id);
    expect(health.rows[0]).toMatchObject({ errorCount: 1, tabs: ["all", "failing"] });
    expect(health.rows[0]!.lastError).toMatch(/500/);
    // The failed poll wrote its outcome on the row; the last poll with new articles is still the first one.
    expect(health.rows[0]).toMatchObject({ lastOutcome: "error" });
    const firstLog = await db.fetchLog.findFirstOrThrow({ where: { sourceId: source.id, newItems: { gt: 0 } } });
    expect(health.rows[0]!.lastNewAt).toEqual(firstLog.startedAt);
    expect(health.counts.failing).toBeGreaterThanOrEqual(1);

    await applySourceOp(admin, "reset", [source.id]);
    await applySourceOp(admin, "pause", [source.id, source.id]);
    // Pausing an already paused source changes nothing and logs nothing.
    expect((await applySourceOp(admin, "pause", [source.id])).changed).toBe(0);
    health = await listSourceHealth();
    expect(health.rows.find((r) => r.id === source.id)).toMatchObject({ errorCount: 0, status: "disabled", tabs: ["all", "paused"] });
    const actions = (await db.moderationLogEntry.findMany({ where: { targetType: "source", targetId: String(source.id) }, orderBy: { id: "asc" } })).map((r) => r.action);
    expect(actions).toEqual(["add", "poll", "reset", "pause"]);

    await applySourceOp(admin, "remove", [source.id]);
    expect(await db.source.findUnique({ where: { id: source.id } })).toBeNull();
  });

  it("counts and pages each tab in SQL as tabsOf would place the rows", async () => {
    const stamp = Date.now();
    const old = new Date(stamp - 40 * 86_400_000);
    const make = (n: string, data: object) => db.source.create({ data: { slug: `tab-${n}-${stamp}`, title: `Tab ${n}`, feedUrl: `https://tabs.example/${n}-${stamp}.xml`, ...data } });
    await make("failing", { errorCount: 2, lastNewAt: new Date() });
    await make("idle", { createdAt: old, lastNewAt: old });
    await make("idle-never", { createdAt: old });
    await make("paused", { status: "disabled", errorCount: 3 });
    await make("gone", { status: "gone" });
    const all = await listSourceHealth();
    const everyRow: typeof all.rows = [];
    for (let page = 1; page <= all.pages; page++) everyRow.push(...(await listSourceHealth(new Date(), { page })).rows);
    expect(everyRow).toHaveLength(all.counts.all);
    expect(new Set(everyRow.map((r) => r.id)).size).toBe(all.counts.all);
    for (const tab of ["failing", "idle", "paused", "gone"] as const) {
      const { rows, counts } = await listSourceHealth(new Date(), { tab });
      expect(counts[tab]).toBe(everyRow.filter((r) => r.tabs.includes(tab)).length);
      expect(rows.length).toBe(Math.min(counts[tab], SOURCES_PER_PAGE));
      expect(rows.every((r) => r.tabs.includes(tab))).toBe(true);
    }
    expect((await listSourceHealth(new Date(), { tab: "idle" })).rows.map((r) => r.title)).toEqual(expect.arrayContaining(["Tab idle", "Tab idle-never"]));
    // Failing first, then by title.
    const failingFirst = everyRow.findIndex((r) => !r.tabs.includes("failing"));
    expect(everyRow.slice(failingFirst).some((r) => r.tabs.includes("failing"))).toBe(false);
  });

  it("refuses moderators, members and agents, empty selections and oversized ones, changing nothing", async () => {
    const admin = await makeAdmin();
    const s = await db.source.create({ data: { slug: "console-guard", title: "Guard", feedUrl: fx.url("/guard.xml") } });
    const logBefore = await db.moderationLogEntry.count();
    await expect(applySourceOp(await makeAdmin("moderator"), "pause", [s.id])).rejects.toBeInstanceOf(SourceConsoleError);
    await expect(applySourceOp({ ...(await makeMember()), role: "member" }, "remove", [s.id])).rejects.toBeInstanceOf(SourceConsoleError);
    await expect(applySourceOp({ ...(await makeMember({ isAgent: true })), role: "admin", isAgent: true } as never, "remove", [s.id])).rejects.toBeInstanceOf(SourceConsoleError);
    await expect(addSourceFromConsole({ ...(await makeMember()), role: "member" }, fx.url("/blog/"))).rejects.toBeInstanceOf(SourceConsoleError);
    await expect(applySourceOp(admin, "pause", [])).rejects.toThrow(/at least one/);
    await expect(applySourceOp(admin, "pause", Array.from({ length: 51 }, (_, i) => i + 1))).rejects.toThrow(/At most 50/);
    expect(await db.source.findUniqueOrThrow({ where: { id: s.id } })).toMatchObject({ status: "active" });
    expect(await db.moderationLogEntry.count()).toBe(logBefore);
  });
});

describe("OPML in the console", () => {
  it("previews new, already present and broken feeds, imports only the chosen ones, and exports them all", async () => {
    const admin = await makeAdmin();
    fx.serveFile("/opml/a.xml", path.join(REAL_FEEDS_DIR, "rss-parser", "guardian.rss"));
    fx.serveFile("/opml/b.xml", path.join(REAL_FEEDS_DIR, "miniflux", "large_atom.xml"));
    await db.source.create({ data: { slug: "opml-present", title: "Present", feedUrl: fx.url("/opml/present.xml") } });
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
      <outline text="A" xmlUrl="${fx.url("/opml/a.xml")}"/>
      <outline text="folder"><outline text="B" xmlUrl="${fx.url("/opml/b.xml")}"/></outline>
      <outline text="Present" xmlUrl="${fx.url("/opml/present.xml")}"/>
      <outline text="Broken" xmlUrl="ftp://example.org/feed"/>
      <outline text="A again" xmlUrl="${fx.url("/opml/a.xml")}"/>
    </body></opml>`;
    const preview = await previewOpml(opml);
    // A feed listed twice is shown once (parseOpmlFeeds keeps the first).
    expect(preview.map((p) => [p.title, p.status])).toEqual([["A", "new"], ["B", "new"], ["Present", "present"], ["Broken", "broken"]]);
    const before = await db.source.count();

    // Only A is chosen; a URL that is no feed fails with its reason, and nothing else is added.
    const results = await importChosenFeeds(admin, [fx.url("/opml/a.xml"), fx.url("/opml/missing.xml")]);
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    expect(results[1]!.message.length).toBeGreaterThan(0);
    expect(await db.source.count()).toBe(before + 1);
    expect(await db.source.findUnique({ where: { feedUrl: fx.url("/opml/b.xml") } })).toBeNull();
    expect(await db.moderationLogEntry.count({ where: { action: "add", reason: "imported from OPML" } })).toBe(1);

    await expect(importChosenFeeds({ ...(await makeMember()), role: "moderator" }, [fx.url("/opml/b.xml")])).rejects.toBeInstanceOf(SourceConsoleError);
    await expect(previewOpml(`<!DOCTYPE x [<!ENTITY a "b">]><opml/>`)).rejects.toThrow(/entities/);
    const exported = await exportSourcesOpml();
    expect(exported).toContain(fx.url("/opml/a.xml").replace(/&/g, "&amp;"));
    expect(exported).toContain(fx.url("/opml/present.xml"));
  });
});

describe("an OPML import run", () => {
  it("counts each feed on its row as it lands (imported N of M, K failed), keeps each outcome, and ends done", async () => {
    const admin = await makeAdmin();
    fx.serveFile("/run/a.xml", path.join(REAL_FEEDS_DIR, "rss-parser", "guardian.rss"));
    fx.serveFile("/run/b.xml", path.join(REAL_FEEDS_DIR, "miniflux", "large_atom.xml"));
    const urls = [fx.url("/run/a.xml"), fx.url("/run/b.xml"), fx.url("/status/500"), fx.url("/run/a.xml")];
    const { id, urls: chosen } = await createOpmlRun(admin, urls);
    expect(chosen).toHaveLength(3);
    expect(await getOpmlRun(id)).toMatchObject({ total: 3, imported: 0, failed: 0, results: [], state: "running" });
    await executeOpmlRun(admin, id, chosen);
    const run = (await getOpmlRun(id))!;
    expect(run).toMatchObject({ total: 3, imported: 2, failed: 1, state: "done" });
    expect(run.results.map((r) => [r.url, r.ok]).sort()).toEqual([[fx.url("/run/a.xml"), true], [fx.url("/run/b.xml"), true], [fx.url("/status/500"), false]].sort());
    expect(run.results.find((r) => !r.ok)!.message).toMatch(/500/);
    expect(await db.article.count({ where: { source: { feedUrl: fx.url("/run/b.xml") } } })).toBeGreaterThan(0);
    // A run nobody touched for a while without finishing was cut short.
    const stale = await createOpmlRun(admin, [fx.url("/run/never.xml")]);
    await db.opmlImport.update({ where: { id: stale.id }, data: { updatedAt: new Date(Date.now() - 11 * 60_000) } });
    expect((await getOpmlRun(stale.id))!.state).toBe("stalled");
  });

  it("refuses moderators, an empty choice and too many feeds, recording no run", async () => {
    const before = await db.opmlImport.count();
    await expect(createOpmlRun(await makeAdmin("moderator"), [fx.url("/run/a.xml")])).rejects.toBeInstanceOf(SourceConsoleError);
    await expect(createOpmlRun(await makeAdmin(), ["  "])).rejects.toThrow(/at least one/);
    await expect(createOpmlRun(await makeAdmin(), Array.from({ length: 101 }, (_, i) => fx.url(`/many/${i}.xml`)))).rejects.toThrow(/At most 100/);
    expect(await db.opmlImport.count()).toBe(before);
  });
});

describe("members' source suggestions", () => {
  it("are test-fetched when proposed, refused with a clear message when no feed is there, and approved into a source the proposer follows", async () => {
    fx.serveFile("/suggest/feed.xml", path.join(REAL_FEEDS_DIR, "rss-parser", "guardian.rss"));
    fx.serveBody("/suggest/", `<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="/suggest/feed.xml"></head><body></body></html>`, { contentType: "text/html" });
    fx.serveBody("/suggest/plain.html", "<!doctype html><html><head><title>no feed</title></head><body>nothing</body></html>", { contentType: "text/html" });
    const member = await makeMember();
    const admin = await makeAdmin();
    const sourcesBefore = await db.source.count();

    await expect(suggestSource(member, fx.url("/suggest/plain.html"))).rejects.toThrow(/could not find a working feed there/);
    await expect(suggestSource(member, "javascript:alert(1)")).rejects.toBeInstanceOf(SuggestionError);
    await expect(suggestSource({ ...(await makeMember({ isAgent: true })) }, fx.url("/suggest/"))).rejects.toThrow(/Agents/);
    const s = await suggestSource(member, fx.url("/suggest/"));
    expect(s.feedUrl).toBe(fx.url("/suggest/feed.xml"));
    await expect(suggestSource(await makeMember(), fx.url("/suggest/feed.xml"))).rejects.toThrow(/already suggested/);
    expect((await listPendingSuggestions()).map((p) => [p.id, p.user.handle])).toContainEqual([s.id, member.handle]);
    expect(await db.source.count()).toBe(sourcesBefore);

    await expect(approveSuggestion({ ...(await makeMember()), role: "moderator" }, s.id)).rejects.toBeInstanceOf(SuggestionError);
    const { sourceId } = await approveSuggestion(admin, s.id);
    expect(await db.subscription.findUnique({ where: { userId_sourceId: { userId: member.id, sourceId } } })).not.toBeNull();
    await expect(approveSuggestion(admin, s.id)).rejects.toThrow(/already decided/);
    await expect(suggestSource(member, fx.url("/suggest/feed.xml"))).rejects.toThrow(/already a source/);
    expect(await db.moderationLogEntry.count({ where: { action: "add", reason: `suggested by ${member.handle}` } })).toBe(1);

    fx.serveFile("/suggest/other.xml", path.join(REAL_FEEDS_DIR, "miniflux", "large_atom.xml"));
    const other = await suggestSource(member, fx.url("/suggest/other.xml"));
    await rejectSuggestion(admin, other.id, "off-topic for this site");
    expect(await db.source.findUnique({ where: { feedUrl: fx.url("/suggest/other.xml") } })).toBeNull();
    expect(await db.moderationLogEntry.findFirst({ where: { action: "reject" }, orderBy: { id: "desc" } })).toMatchObject({ reason: "off-topic for this site", targetType: "source" });
  });
});
