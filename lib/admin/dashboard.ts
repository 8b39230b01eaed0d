/**
 * /admin, the operators' dashboard: a number and a small series for each of new
 * articles, fetch success, sign-ups, comments, votes, open flags, failing sources and
 * active agents. Every read is an index or rollup lookup (./console-sql.ts).
 */
import { db } from "../db";
import { activeAgentsSql, articlesPerDaySql, consoleCountsSql, fetchHoursSql, perDaySql, type SqlQuery } from "./console-sql";
import { bucketStart, dayKeys, fillSeries, hourKeys } from "./series";

/** Days in the per-day charts, hours in the per-hour ones. */
export const DASHBOARD_DAYS = 30;
export const DASHBOARD_HOURS = 48;

export interface Dashboard {
  asOf: Date;
  days: string[];
  hours: string[];
  articles: number[];
  fetchOk: number[];
  fetchFailed: number[];
  failingPerHour: number[];
  signups: number[];
  comments: number[];
  votes: number[];
  flags: number[];
  agents: number[];
  agentsInWindow: number;
  openFlags: number;
  failingSources: number;
}

// Prisma's raw query reads timestamp columns as UTC, as they are stored.
const run = <T>(q: SqlQuery) => db.$queryRawUnsafe<T[]>(q.text, ...q.values);

/** Everything the dashboard shows, as of `now`. */
export async function getDashboard(now: Date = new Date()): Promise<Dashboard> {
  const days = dayKeys(DASHBOARD_DAYS, now);
  const hours = hourKeys(DASHBOARD_HOURS, now);
  const sinceDay = bucketStart(days[0]!);
  type Day = { day: string | null; n: number };
  const [articles, fetches, signups, comments, votes, flags, agents, counts] = await Promise.all([
    run<Day>(articlesPerDaySql(sinceDay)),
    run<{ hour: string; ok: number; failed: number; failingSources: number }>(fetchHoursSql(bucketStart(hours[0]!))),
    run<Day>(perDaySql("users", sinceDay)),
    run<Day>(perDaySql("comments", sinceDay)),
    run<Day>(perDaySql("votes", sinceDay)),
    run<Day>(perDaySql("flags", sinceDay)),
    run<Day>(activeAgentsSql(sinceDay)),
    run<{ openFlags: number; failingSources: number }>(consoleCountsSql()),
  ]);
  return {
    asOf: now,
    days,
    hours,
    articles: fillSeries(days, articles, "day", "n"),
    fetchOk: fillSeries(hours, fetches, "hour", "ok"),
    fetchFailed: fillSeries(hours, fetches, "hour", "failed"),
    failingPerHour: fillSeries(hours, fetches, "hour", "failingSources"),
    signups: fillSeries(days, signups, "day", "n"),
    comments: fillSeries(days, comments, "day", "n"),
    votes: fillSeries(days, votes, "day", "n"),
    flags: fillSeries(days, flags, "day", "n"),
    agents: fillSeries(days, agents, "day", "n"),
    // The ROLLUP row (day NULL) counts each agent once over the whole window.
    agentsInWindow: agents.find((r) => r.day === null)?.n ?? 0,
    openFlags: counts[0]?.openFlags ?? 0,
    failingSources: counts[0]?.failingSources ?? 0,
  };
}

/**
 * How long a process reuses the dashboard's figures (ms). Its aggregates (48 hours of
 * fetch logs across every source: ~100k index entries at 2,000 sources) cost ~100 ms of
 * database time, and 32 admins at once queued behind each other (bench:pages); figures
 * per hour and per day lose nothing by being 30 s old, and the page says when they are from.
 */
export const DASHBOARD_TTL_MS = 30_000;

let recent: { at: number; figures: Promise<Dashboard> } | null = null;

/** The dashboard as of at most DASHBOARD_TTL_MS ago; concurrent callers share one computation. */
export function getRecentDashboard(nowMs: number = Date.now()): Promise<Dashboard> {
  if (recent && nowMs - recent.at < DASHBOARD_TTL_MS) return recent.figures;
  const figures = getDashboard(new Date(nowMs));
  const entry = { at: nowMs, figures };
  recent = entry;
  // A failure is not kept: the next request tries again.
  figures.catch(() => {
    if (recent === entry) recent = null;
  });
  return figures;
}
