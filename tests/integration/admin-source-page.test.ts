// The source page's service (issue 14): ingest keeps the console's rollups, the page
// reads its fetch log and charts, edits and polls write one log row each in their
// transaction, poll now skips the HTTP validators and is refused within a minute, and
// the refresh interval override reaches the schedule.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { DASHBOARD_TTL_MS, getDashboard, getRecentDashboard } from "../../lib/admin/dashboard";
import { PollTooSoonError, editSource, getSourcePage, pollSourceNow } from "../../lib/admin/source-page";
import { SOURCES_PER_PAGE, SourceConsoleError, listSourceHealth } from "../../lib/admin/sources";
import { pollSource } from "../../lib/ingest/poll-source";
import { REAL_FEEDS_DIR } from "../helpers/corpus";
import { startFixtureServer, type FixtureServer } from "../helpers/fixture-server";
import { makeMember } from "./members-fixtures";

process.env.FEED_FETCH_ALLOW_CIDRS = "127.0.0.1/32";
resetEnvCache();

let fx: FixtureServer;

beforeAll(async () => {
  fx = await startFixtureServer();
  fx.serveFile("/page/feed.xml", path.join(REAL_FEEDS_DIR, "miniflux", "large_atom.xml"));
});
afterAll(async () => fx?.close());

async function staff(role: "admin" | "moderator" = "admin") {
  const m = await makeMember();
  await db.user.update({ where: { id: m.id }, data: { role } });
  return { ...m, role };
}

async function newSource(label: string): Promise<number> {
  const s = await db.source.create({ data: { slug: `page-${label}-${process.pid}`, title: `Page ${label}`, feedUrl: fx.url(`/page/feed.xml?${label}`) } });
  return s.id;
}

const logRows = (id: number) => db.moderationLogEntry.findMany({ where: { targetType: "source", targetId: String(id) }, orderBy: { id: "asc" }, select: { action: true, reason: true } });

describe("the source page", () => {
  it("ingest keeps the article count and the per-day rollup with the articles, and the page and dashboard read them", async () => {
    const id = await newSource("rollup");
    const first = await pollSource(id);
    expect(first.outcome).toBe("ok");
    expect(first.newArticles).toBeGreaterThan(0);
    const stored = await db.article.count({ where: { sourceId: id } });
    const source = await db.source.findUniqueOrThrow({ where: { id }, select: { articleCount: true } });
    expect(source.articleCount).toBe(stored);
    const days = await db.sourceArticleDay.findMany({ where: { sourceId: id } });
    expect(days.map((d) => d.articles)).toEqual([stored]);

    const page = (await getSourcePage(id))!;
    expect(page.log).toHaveLength(1);
    expect(page.log[0]).toMatchObject({ outcome: "ok", httpStatus: 200, newItems: stored });
    expect(page.log[0]!.bytes).toBeGreaterThan(0);
    expect(page.days.articles).toHaveLength(90);
    expect(page.days.articles.at(-1)).toBe(stored);
    expect(page.hours.ok.at(-1)).toBe(1);
    expect(page.source.etag ?? page.source.lastModified).toBeTruthy();

    const row = (await listSourceHealth()).rows.find((r) => r.id === id)!;
    expect(row.articleCount).toBe(stored);
    expect(row.perDay.at(-1)).toBe(stored);
    expect(row.lastNewAt).not.toBeNull();

    const dash = await getDashboard();
    expect(dash.articles.at(-1)).toBeGreaterThanOrEqual(stored);
    expect(dash.fetchOk.at(-1)).toBeGreaterThanOrEqual(1);
    expect(await getSourcePage(2_000_000_000)).toBeNull();
  });

  it("edits title, site URL, interval (clamped) and paused with one log row; an unchanged form logs nothing; a moderator is refused", async () => {
    const admin = await staff();
    const id = await newSource("edit");
    const { changes } = await editSource(admin, id, { title: "Renamed", siteUrl: "https://example.org/site", intervalMinutes: "1", paused: "on" });
    expect(changes).toHaveLength(4);
    expect(await db.source.findUniqueOrThrow({ where: { id }, select: { title: true, siteUrl: true, refreshIntervalSec: true, status: true } })).toEqual({
      title: "Renamed",
      siteUrl: "https://example.org/site",
      refreshIntervalSec: 300,
      status: "disabled",
    });
    const rows = await logRows(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.action).toBe("edit");
    expect(rows[0]!.reason).toContain("Renamed");

    expect((await editSource(admin, id, { title: "Renamed", siteUrl: "https://example.org/site", intervalMinutes: "1", paused: "on" })).changes).toEqual([]);
    expect(await logRows(id)).toHaveLength(1);

    await editSource(admin, id, { title: "Renamed", siteUrl: "", intervalMinutes: "", paused: undefined });
    expect(await db.source.findUniqueOrThrow({ where: { id }, select: { siteUrl: true, refreshIntervalSec: true, status: true } })).toEqual({ siteUrl: null, refreshIntervalSec: null, status: "active" });
    expect(await logRows(id)).toHaveLength(2);

    const mod = await staff("moderator");
    await expect(editSource(mod, id, { title: "By a moderator", siteUrl: "", intervalMinutes: "" })).rejects.toBeInstanceOf(SourceConsoleError);
    expect((await db.source.findUniqueOrThrow({ where: { id } })).title).toBe("Renamed");
    expect(await logRows(id)).toHaveLength(2);
  });

  it("polls now without If-None-Match / If-Modified-Since, at most once a minute, one log row per poll", async () => {
    const admin = await staff();
    const id = await newSource("poll");
    await pollSource(id);
    // A scheduled poll sends the validators and gets a 304 …
    const cached = await pollSource(id);
    expect(cached.outcome).toBe("not_modified");
    const path = "/page/feed.xml";
    expect(fx.lastRequest(path)!.headers["if-none-match"] ?? fx.lastRequest(path)!.headers["if-modified-since"]).toBeTruthy();

    // … poll now asks for the feed itself.
    const t0 = new Date();
    const now = await pollSourceNow(admin, id, t0);
    expect(now.outcome).toBe("ok");
    expect(now.httpStatus).toBe(200);
    expect(fx.lastRequest(path)!.headers["if-none-match"]).toBeUndefined();
    expect(fx.lastRequest(path)!.headers["if-modified-since"]).toBeUndefined();
    expect((await logRows(id)).map((r) => r.action)).toEqual(["poll"]);

    const logsBefore = await db.fetchLog.count({ where: { sourceId: id } });
    const refused = await pollSourceNow(admin, id, new Date(t0.getTime() + 30_000)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PollTooSoonError);
    expect((refused as PollTooSoonError).message).toMatch(/less than a minute ago.*30 s/);
    expect(await db.fetchLog.count({ where: { sourceId: id } })).toBe(logsBefore);
    expect(await logRows(id)).toHaveLength(1);

    expect((await pollSourceNow(admin, id, new Date(t0.getTime() + 61_000))).outcome).toBe("ok");
    expect(await logRows(id)).toHaveLength(2);
  });

  it("schedules a source with an override at its interval after a success", async () => {
    const admin = await staff();
    const id = await newSource("interval");
    await editSource(admin, id, { title: "Interval", siteUrl: "", intervalMinutes: "600" });
    const before = Date.now();
    await pollSource(id);
    const { nextCheckAt } = await db.source.findUniqueOrThrow({ where: { id }, select: { nextCheckAt: true } });
    const minutes = (nextCheckAt.getTime() - before) / 60_000;
    // 600 min ± the schedule's 10 % jitter.
    expect(minutes).toBeGreaterThan(600 * 0.89);
    expect(minutes).toBeLessThan(600 * 1.11 + 1);
  });

  it("the dashboard page shares its figures for 30 s, then recomputes them", async () => {
    const t = Date.now();
    const first = getRecentDashboard(t);
    expect(getRecentDashboard(t + 1_000)).toBe(first);
    const later = getRecentDashboard(t + DASHBOARD_TTL_MS + 1);
    expect(later).not.toBe(first);
    expect((await later).asOf.getTime()).toBe(t + DASHBOARD_TTL_MS + 1);
    expect((await first).asOf.getTime()).toBe(t);
  });

  it("pages the health table 100 rows at a time, failing first, every tab counted over all rows", async () => {
    await db.source.createMany({ data: Array.from({ length: 150 }, (_, i) => ({ slug: `bulk-${i}-${process.pid}`, title: `Bulk ${String(i).padStart(3, "0")}`, feedUrl: `http://127.0.0.1:9/bulk-${i}-${process.pid}.xml`, errorCount: i === 149 ? 2 : 0 })) });
    const first = await listSourceHealth(new Date(), { page: 1 });
    const total = first.counts.all;
    expect(total).toBeGreaterThanOrEqual(150);
    expect(first.rows).toHaveLength(SOURCES_PER_PAGE);
    expect(first.pages).toBe(Math.ceil(total / SOURCES_PER_PAGE));
    expect(first.rows[0]!.tabs).toContain("failing");
    const last = await listSourceHealth(new Date(), { page: 999 });
    expect(last.page).toBe(first.pages);
    const seen = new Set<number>();
    for (let p = 1; p <= first.pages; p++) for (const r of (await listSourceHealth(new Date(), { page: p })).rows) seen.add(r.id);
    expect(seen.size).toBe(total);
    const failing = await listSourceHealth(new Date(), { tab: "failing" });
    expect(failing.rows.every((r) => r.tabs.includes("failing"))).toBe(true);
    expect(failing.rows).toHaveLength(Math.min(failing.counts.failing, SOURCES_PER_PAGE));
  });
});
