/** Reading the articles related-coverage scoring compares (over pg: the worker never loads Prisma). */
import type { Queryable } from "../db/pool";
import type { RelatedDoc } from "./score";
import { EXCERPT_CHARS } from "./terms";

// The primary's source is looked up only for duplicates (CASE skips the subquery
// otherwise): a join would hash the whole articles table on every call.
// publishedAt (timestamp(3) holding UTC wall time) comes back as epoch
// milliseconds, a float8 that pg hands over as a number: a window is thousands of
// rows, and building and parsing a Date for each was a measurable share of the
// worker's related-coverage time. The rows are the docs, with no copy.
const DOC_COLUMNS = `
  a.id, a."sourceId", COALESCE(a."duplicateOfId", a.id) AS "primaryId",
  CASE WHEN a."duplicateOfId" IS NULL THEN a."sourceId"
       ELSE COALESCE((SELECT p."sourceId" FROM articles p WHERE p.id = a."duplicateOfId"), a."sourceId") END AS "primarySourceId",
  (EXTRACT(EPOCH FROM a."publishedAt" AT TIME ZONE 'UTC') * 1000)::float8 AS "publishedAtMs",
  a.title, left(a.excerpt, ${EXCERPT_CHARS}) AS excerpt`;

/** The given articles (missing ids are skipped). */
export async function loadTargets(db: Queryable, ids: number[]): Promise<RelatedDoc[]> {
  const { rows } = await db.query<RelatedDoc>(`SELECT ${DOC_COLUMNS} FROM articles a WHERE a.id = ANY($1::int[])`, [ids]);
  return rows;
}

/** Where candidates come from: [from, to], nearest first to the targets' own span [nearFrom, nearTo]. */
export interface WindowRange {
  from: Date;
  to: Date;
  nearFrom: Date;
  nearTo: Date;
  maxRows: number;
}

/**
 * The candidate query for several windows at once (one round trip, however many
 * time groups a backlog makes): for each, two index range scans on publishedAt
 * walking outwards from nearFrom (forwards to `to`, backwards to `from`), each
 * stopped after maxRows + 1 rows, so it reads a bounded number of rows however
 * busy the window is. Each row carries the index of its window.
 */
export function windowQuery(ranges: WindowRange[]): { text: string; values: (string[] | number)[] } {
  const maxRows = Math.max(...ranges.map((r) => r.maxRows));
  return {
    text: `SELECT w.i::int AS "windowIndex", d.*
           FROM unnest($1::timestamp(3)[], $2::timestamp(3)[], $3::timestamp(3)[]) WITH ORDINALITY AS w(f, t, n, i)
           CROSS JOIN LATERAL (
             (SELECT ${DOC_COLUMNS} FROM articles a
                WHERE a."publishedAt" >= w.n AND a."publishedAt" <= w.t
                ORDER BY a."publishedAt" LIMIT $4)
             UNION ALL
             (SELECT ${DOC_COLUMNS} FROM articles a
                WHERE a."publishedAt" >= w.f AND a."publishedAt" < w.n
                ORDER BY a."publishedAt" DESC LIMIT $4)
           ) d`,
    // ISO strings cast to timestamp keep the column's UTC-wall-time convention.
    values: [
      ranges.map((r) => r.from.toISOString()),
      ranges.map((r) => r.to.toISOString()),
      ranges.map((r) => r.nearFrom.toISOString()),
      maxRows + 1,
    ],
  };
}

/** One window's candidates, by id (so scores sum in the same order every time); `trimmed` when maxRows cut it. */
export interface Window {
  docs: RelatedDoc[];
  trimmed: boolean;
}

function finishWindow(docs: RelatedDoc[], range: WindowRange): Window {
  const trimmed = docs.length > range.maxRows;
  if (trimmed) {
    const lo = range.nearFrom.getTime();
    const hi = range.nearTo.getTime();
    const distance = (d: RelatedDoc) => (d.publishedAtMs < lo ? lo - d.publishedAtMs : d.publishedAtMs > hi ? d.publishedAtMs - hi : 0);
    docs = docs.sort((a, b) => distance(a) - distance(b) || a.id - b.id).slice(0, range.maxRows);
  }
  // By id in JS rather than ORDER BY id, which tempts the planner to walk the whole
  // primary key and filter by date instead of range-scanning publishedAt.
  return { docs: docs.sort((a, b) => a.id - b.id), trimmed };
}

// Rows one windows query should bring back, about: the next query asks for as many
// windows as the last ones averaged into this (1 to 500).
const ROWS_PER_QUERY = 20_000;
const MAX_WINDOWS_PER_QUERY = 500;

/**
 * The windows' candidates, in order: the articles published in [from, to], or when
 * there are more than maxRows, the maxRows published nearest to [nearFrom, nearTo]
 * (when the span alone holds more, its earliest). Fetched several windows per
 * query, sized so that one query's rows stay near ROWS_PER_QUERY, and yielded one
 * at a time: memory holds one query's rows, however long a backlog is.
 */
export async function* loadWindows(db: Queryable, ranges: WindowRange[]): AsyncGenerator<Window> {
  let next = 0;
  let perQuery = 8;
  while (next < ranges.length) {
    const chunk = ranges.slice(next, next + perQuery);
    // Rows keep their windowIndex (deleting a property would slow every later read of the object).
    const { rows } = await db.query<RelatedDoc & { windowIndex: number }>(windowQuery(chunk));
    const byWindow: RelatedDoc[][] = chunk.map(() => []);
    for (const row of rows) byWindow[row.windowIndex - 1]!.push(row);
    const averageRows = Math.max(1, rows.length / chunk.length);
    perQuery = Math.max(1, Math.min(MAX_WINDOWS_PER_QUERY, Math.floor(ROWS_PER_QUERY / averageRows)));
    next += chunk.length;
    for (const [i, docs] of byWindow.entries()) {
      byWindow[i] = [];
      yield finishWindow(docs, chunk[i]!);
    }
  }
}
