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
