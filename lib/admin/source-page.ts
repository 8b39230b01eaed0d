/**
 * /admin/sources/<id>: the source's reads (its row, last fetch-log rows, charts) and its
 * two actions, edit and poll now. Each action writes one moderation-log row in the
 * transaction that changes the source.
 */
import { z } from "zod";
import { db } from "../db";
import { pollSource, type PollOutcome } from "../ingest/poll-source";
import { clampIntervalS, MAX_INTERVAL_S, MIN_INTERVAL_S } from "../ingest/schedule";
import { writeLogEntry, type Moderator } from "../moderation/log";
import { isAdmin } from "../moderation/roles";
import { sourceArticleDaysSql, sourceDetailSql, sourceFetchHoursSql, sourceFetchLogSql } from "./console-sql";
import { bucketStart, dayKeys, fillSeries, hourKeys } from "./series";
import { SourceConsoleError } from "./sources";

/** Days in the source page's articles chart, hours in its fetch-outcome chart, rows in its log. */
export const SOURCE_PAGE_DAYS = 90;
export const SOURCE_PAGE_HOURS = 48;
export const SOURCE_PAGE_LOG_ROWS = 50;
/** An operator's "poll now" is refused while the previous one is younger than this (ms). */
export const MANUAL_POLL_EVERY_MS = 60_000;

/** The notice scope of source `id`'s page (its forms' messages). */
export function sourceNoticeScope(id: number): string {
  return `admin:source:${id}`;
}

export interface SourceDetail {
  id: number;
  slug: string;
  title: string;
  feedUrl: string;
  siteUrl: string | null;
  status: "active" | "disabled" | "gone";
  etag: string | null;
  lastModified: string | null;
  lastFetchedAt: Date | null;
  lastSuccessAt: Date | null;
  lastHttpStatus: number | null;
  nextCheckAt: Date;
  errorCount: number;
  lastError: string | null;
  minIntervalSec: number | null;
  refreshIntervalSec: number | null;
  lastManualPollAt: Date | null;
  articleCount: number;
  createdAt: Date;
}

export interface FetchLogEntry {
  id: string;
  startedAt: Date;
  durationMs: number;
  outcome: string;
  httpStatus: number | null;
  newItems: number;
  updatedItems: number;
  bytes: number | null;
  error: string | null;
}

export interface SourcePageData {
  source: SourceDetail;
  log: FetchLogEntry[];
  days: { labels: string[]; articles: number[] };
  hours: { labels: string[]; ok: number[]; failed: number[] };
}

/** Everything the source page shows, or null when there is no such source. */
export async function getSourcePage(id: number, now: Date = new Date()): Promise<SourcePageData | null> {
  const days = dayKeys(SOURCE_PAGE_DAYS, now);
  const hours = hourKeys(SOURCE_PAGE_HOURS, now);
  const q = [sourceDetailSql(id), sourceFetchLogSql(id, SOURCE_PAGE_LOG_ROWS), sourceArticleDaysSql(id, bucketStart(days[0]!)), sourceFetchHoursSql(id, bucketStart(hours[0]!))] as const;
  // Prisma's raw query reads timestamp columns as UTC, as they are stored.
  const [found, log, dayRows, hourRows] = await Promise.all([
    db.$queryRawUnsafe<SourceDetail[]>(q[0].text, ...q[0].values),
    db.$queryRawUnsafe<FetchLogEntry[]>(q[1].text, ...q[1].values),
    db.$queryRawUnsafe<{ day: string; n: number }[]>(q[2].text, ...q[2].values),
    db.$queryRawUnsafe<{ hour: string; ok: number; failed: number }[]>(q[3].text, ...q[3].values),
  ]);
  const source = found[0];
  if (!source) return null;
  return {
    source,
    log,
    days: { labels: days, articles: fillSeries(days, dayRows, "day", "n") },
    hours: { labels: hours, ok: fillSeries(hours, hourRows, "hour", "ok"), failed: fillSeries(hours, hourRows, "hour", "failed") },
  };
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

/**
 * The edit form: title (required), site URL (http(s), or empty for none), refresh
 * interval in minutes (empty: follow the feed's own rate; clamped to the schedule's
 * 5 min .. 24 h), paused (a checkbox).
 */
export const sourceEditSchema = z.object({
  title: z.string({ error: "A title is required." }).trim().min(1, "A title is required.").max(300, "A title is at most 300 characters."),
  siteUrl: z
    .string()
    .trim()
    .max(2048, "A site URL is at most 2048 characters.")
    .refine((s) => s === "" || isHttpUrl(s), "The site URL must be an http or https URL."),
  intervalMinutes: z
    .string()
    .trim()
    .max(10)
    .refine((s) => s === "" || /^\d+$/.test(s), "The refresh interval is a whole number of minutes, or empty for automatic."),
  paused: z.enum(["on"]).optional(),
});
export type SourceEditInput = z.infer<typeof sourceEditSchema>;

/** Seconds of an interval field ("" is no override), clamped like the schedule. */
export function overrideSeconds(minutes: string): number | null {
  if (minutes === "") return null;
  return clampIntervalS(Number(minutes) * 60);
}

function assertAdmin(actor: Moderator & { isAgent?: boolean }): void {
  if (actor.isAgent || !isAdmin(actor.role)) throw new SourceConsoleError("Only admins can change sources.");
}

const minutes = (s: number | null) => (s === null ? "automatic" : `${Math.round(s / 60)} min`);

/**
 * Applies the edit form to source `id` in one transaction with its log row; returns
 * what changed (empty: nothing, and nothing logged).
 */
export async function editSource(actor: Moderator, id: number, input: SourceEditInput): Promise<{ changes: string[] }> {
  assertAdmin(actor);
  const interval = overrideSeconds(input.intervalMinutes);
  const siteUrl = input.siteUrl === "" ? null : input.siteUrl;
  return db.$transaction(async (tx) => {
    // FOR UPDATE: two edits at once each see the other's result, not a stale row.
    const rows = await tx.$queryRaw<{ id: number; slug: string; title: string; siteUrl: string | null; status: string; refreshIntervalSec: number | null; nextCheckAt: Date }[]>`
      SELECT id, slug, title, "siteUrl", status::text AS status, "refreshIntervalSec", "nextCheckAt" FROM sources WHERE id = ${id} FOR UPDATE`;
    const s = rows[0];
    if (!s) throw new SourceConsoleError("That source no longer exists.");
    const changes: string[] = [];
    const data: { title?: string; siteUrl?: string | null; refreshIntervalSec?: number | null; status?: "active" | "disabled"; nextCheckAt?: Date } = {};
    if (input.title !== s.title) {
      data.title = input.title;
      changes.push(`title “${s.title}” → “${input.title}”`);
    }
    if (siteUrl !== s.siteUrl) {
      data.siteUrl = siteUrl;
      changes.push(`site URL ${s.siteUrl ?? "none"} → ${siteUrl ?? "none"}`);
    }
    if (interval !== s.refreshIntervalSec) {
      data.refreshIntervalSec = interval;
      changes.push(`refresh interval ${minutes(s.refreshIntervalSec)} → ${minutes(interval)}`);
      // A shorter interval takes effect now, not after the check already planned.
      if (interval !== null && s.nextCheckAt.getTime() > Date.now() + interval * 1000) data.nextCheckAt = new Date(Date.now() + interval * 1000);
    }
    const paused = input.paused === "on";
    if (paused && s.status === "active") {
      data.status = "disabled";
      changes.push("paused");
    } else if (!paused && s.status === "disabled") {
      data.status = "active";
      data.nextCheckAt = new Date();
      changes.push("resumed");
    }
    if (changes.length === 0) return { changes };
    await tx.source.update({ where: { id }, data });
    await writeLogEntry(tx, actor, { action: "edit", targetType: "source", targetId: id, targetLabel: `source ${data.title ?? s.title}`, targetPath: `/s/${s.slug}`, reason: `edited by an operator: ${changes.join("; ")}` });
    return { changes };
  });
}

/** Thrown when the source was polled from its page less than a minute ago. */
export class PollTooSoonError extends SourceConsoleError {
  override name = "PollTooSoonError";
  constructor(readonly retryInS: number) {
    super(`This source was polled from its page less than a minute ago. Try again in ${retryInS} s.`);
  }
}

/**
 * Polls source `id` now, without the HTTP cache's validators (the operator wants the
 * feed as it is, not a 304), at most once a minute: the claim of the minute and its log
 * row commit together first (two clicks at once: one wins the row, the other is refused).
 */
export async function pollSourceNow(actor: Moderator, id: number, now: Date = new Date()): Promise<PollOutcome> {
  assertAdmin(actor);
  await db.$transaction(async (tx) => {
    const claimed = await tx.source.updateMany({
      where: { id, OR: [{ lastManualPollAt: null }, { lastManualPollAt: { lte: new Date(now.getTime() - MANUAL_POLL_EVERY_MS) } }] },
      data: { lastManualPollAt: now },
    });
    const s = await tx.source.findUnique({ where: { id }, select: { title: true, slug: true, lastManualPollAt: true } });
    if (!s) throw new SourceConsoleError("That source no longer exists.");
    if (claimed.count === 0) {
      const wait = Math.max(1, Math.ceil(((s.lastManualPollAt?.getTime() ?? now.getTime()) + MANUAL_POLL_EVERY_MS - now.getTime()) / 1000));
      throw new PollTooSoonError(wait);
    }
    await writeLogEntry(tx, actor, { action: "poll", targetType: "source", targetId: id, targetLabel: `source ${s.title}`, targetPath: `/s/${s.slug}`, reason: "polled now by an operator, ignoring the HTTP cache" });
  });
  return pollSource(id, { force: true, ignoreHttpCache: true });
}

export { MIN_INTERVAL_S, MAX_INTERVAL_S };
