// The operators' console at scale (issue 14): every query /admin/sources, /admin/sources/<id>
// and /admin run (lib/admin/console-sql.ts) is planned without a sequential scan of
// articles or fetch_logs. The database is seeded as bench:pages seeds it (2,000 sources,
// articles one per 30 s, 30 days of hourly fetch logs per source: 1.44M rows) and
// ANALYZEd, so the planner chooses with real statistics; no planner switch is forced.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "../../lib/db/migrate";
import {
  activeAgentsSql,
  articlesPerDaySql,
  consoleCountsSql,
  fetchHoursSql,
  perDaySql,
  sourceArticleDaysSql,
  sourceDaysSql,
  sourceDetailSql,
  sourceFetchHoursSql,
  sourceFetchLogSql,
  sourceHealthSql,
  sourceTabCountsSql,
  type SqlQuery,
} from "../../lib/admin/console-sql";
import { seedArticles, seedBase, seedConsole } from "../bench/pages-seed";
import { createDatabase, dropDatabase } from "../helpers/pg-admin";

const NAME = `readahead_console_plans_${process.pid}`;
const ARTICLES = 200_000;
let c: pg.Client;

beforeAll(async () => {
  const url = await createDatabase(NAME);
  await migrateDatabase(url);
  c = new pg.Client({ connectionString: url });
  await c.connect();
  await seedBase(c);
  for (let lo = 1; lo <= ARTICLES; lo += 100_000) await seedArticles(c, lo, Math.min(ARTICLES, lo + 99_999));
  await seedConsole(c);
  await c.query("VACUUM ANALYZE");
}, 300_000);

afterAll(async () => {
  await c?.end();
  await dropDatabase(NAME);
});

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

function nodes(p: PlanNode): PlanNode[] {
  return [p, ...(p.Plans ?? []).flatMap(nodes)];
}

async function plan(q: SqlQuery): Promise<PlanNode[]> {
  const { rows } = await c.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${q.text}`, q.values);
  return nodes(rows[0]!["QUERY PLAN"][0].Plan);
}

const now = new Date();
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
const hoursAgo = (n: number) => new Date(now.getTime() - n * 3_600_000);

const QUERIES: [string, SqlQuery][] = [
  ["/admin/sources: health table", sourceHealthSql("all", daysAgo(30), 100, 0)],
  ["/admin/sources: health table, failing, page 2", sourceHealthSql("failing", daysAgo(30), 100, 100)],
  ["/admin/sources: tab counts", sourceTabCountsSql(daysAgo(30))],
  ["/admin/sources: sparklines of a page", sourceDaysSql(daysAgo(29), Array.from({ length: 100 }, (_, i) => i + 1))],
  ["/admin/sources/<id>: the source", sourceDetailSql(7)],
  ["/admin/sources/<id>: fetch log", sourceFetchLogSql(7, 50)],
  ["/admin/sources/<id>: fetches per hour", sourceFetchHoursSql(7, hoursAgo(47))],
  ["/admin/sources/<id>: articles per day", sourceArticleDaysSql(7, daysAgo(89))],
  ["/admin: articles per day", articlesPerDaySql(daysAgo(29))],
  ["/admin: fetches per hour", fetchHoursSql(hoursAgo(47))],
  ["/admin: sign-ups per day", perDaySql("users", daysAgo(29))],
  ["/admin: comments per day", perDaySql("comments", daysAgo(29))],
  ["/admin: votes per day", perDaySql("votes", daysAgo(29))],
  ["/admin: flags per day", perDaySql("flags", daysAgo(29))],
  ["/admin: active agents", activeAgentsSql(daysAgo(29))],
  ["/admin: counts", consoleCountsSql()],
];

describe("the console's queries at 2,000 sources", () => {
  it("has the rows that make a scan costly", async () => {
    const { rows } = await c.query<{ logs: number; sources: number; days: number }>(
      `SELECT (SELECT count(*) FROM fetch_logs)::int AS logs, (SELECT count(*) FROM sources)::int AS sources, (SELECT count(*) FROM source_article_days)::int AS days`,
    );
    expect(rows[0]).toMatchObject({ logs: 2000 * 30 * 24, sources: 2000 });
    expect(rows[0]!.days).toBeGreaterThan(2000);
  });

  it.each(QUERIES)("%s: no sequential scan of articles or fetch_logs", async (_name, q) => {
    const found = await plan(q);
    const scans = found.filter((n) => n["Node Type"] === "Seq Scan" && (n["Relation Name"] === "articles" || n["Relation Name"] === "fetch_logs"));
    expect(scans.map((n) => n["Relation Name"])).toEqual([]);
    // And each query runs (the EXPLAIN above checked the plan only).
    await c.query(q.text, q.values);
  });

  it("reads fetch logs through their indexes, and the health table not at all (each poll writes what it shows)", async () => {
    const used: (string | undefined)[] = [];
    for (const q of [fetchHoursSql(hoursAgo(47)), sourceFetchLogSql(7)]) used.push(...(await plan(q)).map((n) => n["Index Name"]));
    expect(used).toEqual(expect.arrayContaining(["fetch_logs_sourceId_startedAt_idx", "fetch_logs_startedAt_idx"]));
    for (const q of [sourceHealthSql("idle", daysAgo(30), 100, 0), sourceTabCountsSql(daysAgo(30))]) {
      expect((await plan(q)).filter((n) => n["Relation Name"] === "fetch_logs" || n["Relation Name"] === "articles")).toEqual([]);
    }
  });
});
