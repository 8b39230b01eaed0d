/**
 * The operators' source console (/admin/sources): the health table's reads and the
 * bulk actions. Every action on a source writes one moderation-log row per source,
 * in the transaction that changes it.
 */
import { db, pgPool } from "../db";
import { mapPool } from "../ingest/host-limiter";
import { pollSource } from "../ingest/poll-source";
import { writeLogEntry, type Moderator } from "../moderation/log";
import { isAdmin } from "../moderation/roles";
import { addSource, type AddedSource } from "../sources/service";
import { sourceDaysSql, sourceHealthSql, sourceTabCountsSql } from "./console-sql";
import { dailySeries, IDLE_AFTER_MS, tabsOf, type SourceTab } from "./source-health";

/** Days in the table's sparkline. */
export const SPARK_DAYS = 30;

/** A source as sourceHealthSql reads it, with its times as `T`. */
interface SourceFacts<T> {
  id: number;
  title: string;
  feedUrl: string;
  status: "active" | "disabled" | "gone";
  articleCount: number;
  lastFetchedAt: T | null;
  lastOutcome: string | null;
  lastHttpStatus: number | null;
  lastNewAt: T | null;
  nextCheckAt: T;
  errorCount: number;
  lastError: string | null;
  createdAt: T;
}

/** A row of sourceHealthSql: times as epoch milliseconds. */
type Row = SourceFacts<number>;

/** A row of the health table: times as Dates, with the feed's host, sparkline and tabs. */
export interface SourceHealthRow extends SourceFacts<Date> {
  host: string;
  perDay: number[];
  tabs: SourceTab[];
}

const dateOrNull = (ms: number | null) => (ms === null ? null : new Date(ms));

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url.slice(0, 60);
  }
}

/** Rows per page of the health table: 2,000 rows at once made a 7.7 MB page (bench:pages). */
export const SOURCES_PER_PAGE = 100;

export interface SourceHealthPage {
  /** The page's rows, under the tab asked for. */
  rows: SourceHealthRow[];
  counts: Record<SourceTab, number>;
  page: number;
  pages: number;
}

/**
 * One page of sources with their health, failing ones first, then by title, under `tab`;
 * and how many fall under each tab. Two statements over the sources table and one over
 * the rollup, never a scan of articles or fetch_logs (lib/admin/console-sql.ts;
 * tests/integration/admin-console-plans.test.ts): the article count is
 * sources."articleCount", the last outcome and last new article are written by each
 * poll, the sparklines (of the page's rows only) read source_article_days.
 */
export async function listSourceHealth(now: Date = new Date(), opts: { tab?: SourceTab; page?: number } = {}): Promise<SourceHealthPage> {
  const tab = opts.tab ?? "all";
  const since = new Date(now.getTime() - (SPARK_DAYS - 1) * 86_400_000);
  since.setUTCHours(0, 0, 0, 0);
  const idleBefore = new Date(now.getTime() - IDLE_AFTER_MS);
  // pg directly, as on the ingest path: Prisma parses rows at a higher CPU cost per query
  // (lib/ingest/poll-source.ts records the difference measured there).
  const countsSql = sourceTabCountsSql(idleBefore);
  const counts = (await pgPool.query<Record<SourceTab, number>>(countsSql.text, countsSql.values)).rows[0]!;
  const pages = Math.max(1, Math.ceil(counts[tab] / SOURCES_PER_PAGE));
  const page = Math.min(Math.max(1, Math.floor(opts.page ?? 1)), pages);
  const health = sourceHealthSql(tab, idleBefore, SOURCES_PER_PAGE, (page - 1) * SOURCES_PER_PAGE);
  const { rows } = await pgPool.query<Row>(health.text, health.values);
  const slice = rows.map((r) => {
    const facts = { ...r, lastFetchedAt: dateOrNull(r.lastFetchedAt), lastNewAt: dateOrNull(r.lastNewAt), nextCheckAt: new Date(r.nextCheckAt), createdAt: new Date(r.createdAt) };
    return { ...facts, tabs: [...tabsOf(facts, now)], host: hostOf(r.feedUrl) };
  });
  const days = sourceDaysSql(since, slice.map((r) => r.id));
  // Text days and ints: pg reads them as they are, like the health rows above.
  const { rows: dayRows } = slice.length ? await pgPool.query<{ sourceId: number; day: string; n: number }>(days.text, days.values) : { rows: [] };
  const bySource = new Map<number, { day: Date; n: number }[]>();
  for (const r of dayRows) {
    const list = bySource.get(r.sourceId) ?? [];
    list.push({ day: new Date(`${r.day}T00:00:00Z`), n: r.n });
    bySource.set(r.sourceId, list);
  }
  return { rows: slice.map((r) => ({ ...r, perDay: dailySeries(bySource.get(r.id) ?? [], SPARK_DAYS, now) })), counts, page, pages };
}

/** Sources failing now, for the staff menu's count. */
export async function countFailingSources(): Promise<number> {
  return db.source.count({ where: { status: "active", errorCount: { gt: 0 } } });
}

export const SOURCE_OPS = ["poll", "pause", "resume", "reset", "remove"] as const;
export type SourceOp = (typeof SOURCE_OPS)[number];

/** Sources one bulk action may touch (a poll fetches each one now, in the request). */
export const MAX_BULK_SOURCES = 50;

export class SourceConsoleError extends Error {
  override name = "SourceConsoleError";
}

function assertAdmin(actor: Moderator & { isAgent?: boolean }): void {
  if (actor.isAgent || !isAdmin(actor.role)) throw new SourceConsoleError("Only admins can change sources.");
}

const OP_REASON: Record<SourceOp, string> = {
  poll: "polled now by an operator",
  pause: "paused by an operator",
  resume: "resumed by an operator",
  reset: "errors reset by an operator",
  remove: "removed by an operator",
};

/**
 * Applies `op` to the sources `ids`; returns how many it changed. pause/resume/reset/
 * remove run in one transaction with one log row per source. poll fetches each source
 * now (paused and gone ones too: the operator asked), a few at a time, and logs each.
 */
export async function applySourceOp(actor: Moderator, op: SourceOp, ids: number[], reason?: string): Promise<{ changed: number; results?: { id: number; outcome: string; newArticles: number; error?: string }[] }> {
  assertAdmin(actor);
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw new SourceConsoleError("Check at least one source first.");
  if (unique.length > MAX_BULK_SOURCES) throw new SourceConsoleError(`At most ${MAX_BULK_SOURCES} sources at a time.`);
  const why = reason?.trim() || OP_REASON[op];
  if (op === "poll") {
    const found = await db.source.findMany({ where: { id: { in: unique } }, select: { id: true, title: true } });
    const results: { id: number; outcome: string; newArticles: number; error?: string }[] = [];
    await mapPool(found, 4, async (s) => {
      const outcome = await pollSource(s.id, { force: true });
      results.push({ id: s.id, outcome: outcome.outcome, newArticles: outcome.newArticles, ...(outcome.error ? { error: outcome.error } : {}) });
      await db.$transaction((tx) => writeLogEntry(tx, actor, { action: "poll", targetType: "source", targetId: s.id, targetLabel: `source ${s.title}`, targetPath: `/admin/sources`, reason: `${why}: ${outcome.outcome}` }));
    });
    return { changed: found.length, results };
  }
  return db.$transaction(async (tx) => {
    const found = await tx.source.findMany({ where: { id: { in: unique } }, select: { id: true, title: true, slug: true, status: true } });
    let changed = 0;
    for (const s of found) {
      let did = false;
      if (op === "pause") did = (await tx.source.updateMany({ where: { id: s.id, status: "active" }, data: { status: "disabled" } })).count === 1;
      else if (op === "resume") did = (await tx.source.updateMany({ where: { id: s.id, status: { not: "active" } }, data: { status: "active", nextCheckAt: new Date() } })).count === 1;
      else if (op === "reset") did = (await tx.source.updateMany({ where: { id: s.id, errorCount: { gt: 0 } }, data: { errorCount: 0, lastError: null, nextCheckAt: new Date() } })).count === 1;
      else if (op === "remove") did = (await tx.source.deleteMany({ where: { id: s.id } })).count === 1;
      if (!did) continue;
      changed++;
      await writeLogEntry(tx, actor, { action: op, targetType: "source", targetId: s.id, targetLabel: `source ${s.title}`, targetPath: op === "remove" ? null : `/s/${s.slug}`, reason: why });
    }
    return { changed };
  });
}

/** Adds a source by site or feed URL (discovered, and its first fetch stored, as the CLI does) and logs it. */
export async function addSourceFromConsole(actor: Moderator, url: string): Promise<{ source: AddedSource; newArticles: number; outcome: string }> {
  assertAdmin(actor);
  const source = await addSource(db, url);
  await db.$transaction((tx) => writeLogEntry(tx, actor, { action: "add", targetType: "source", targetId: source.id, targetLabel: `source ${source.title}`, targetPath: `/s/${source.slug}`, reason: `added from ${url.slice(0, 300)}` }));
  return { source, newArticles: source.firstFetch.newArticles, outcome: source.firstFetch.outcome };
}
