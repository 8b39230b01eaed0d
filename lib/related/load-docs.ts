/** Reading the articles related-coverage scoring compares (over pg: the worker never loads Prisma). */
import type { Queryable } from "../db/pool";
import type { RelatedDoc } from "./score";
import { EXCERPT_CHARS } from "./terms";

interface DocRow {
  id: number;
  sourceId: number;
  primaryId: number;
  primarySourceId: number;
  publishedAt: Date;
  title: string;
  excerpt: string;
}

// The primary's source is looked up only for duplicates (CASE skips the subquery
// otherwise): a join would hash the whole articles table on every call.
// publishedAt is timestamp(3) holding UTC wall time; AT TIME ZONE 'UTC' reads it
// back as an instant whatever the process's time zone.
const DOC_COLUMNS = `
  a.id, a."sourceId", COALESCE(a."duplicateOfId", a.id) AS "primaryId",
  CASE WHEN a."duplicateOfId" IS NULL THEN a."sourceId"
       ELSE COALESCE((SELECT p."sourceId" FROM articles p WHERE p.id = a."duplicateOfId"), a."sourceId") END AS "primarySourceId",
  a."publishedAt" AT TIME ZONE 'UTC' AS "publishedAt", a.title, left(a.excerpt, ${EXCERPT_CHARS}) AS excerpt`;

function toDoc(r: DocRow): RelatedDoc {
  return { ...r, publishedAtMs: r.publishedAt.getTime() };
}

/** The given articles (missing ids are skipped). */
export async function loadTargets(db: Queryable, ids: number[]): Promise<RelatedDoc[]> {
  const { rows } = await db.query<DocRow>(`SELECT ${DOC_COLUMNS} FROM articles a WHERE a.id = ANY($1::int[])`, [ids]);
  return rows.map(toDoc);
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
 * The candidate query: two index range scans on publishedAt walking outwards from
 * nearFrom (forwards to `to`, backwards to `from`), each stopped after maxRows + 1
 * rows, so it reads a bounded number of rows however busy the window is.
 */
export function windowQuery(range: WindowRange): { text: string; values: (string | number)[] } {
  return {
    text: `(SELECT ${DOC_COLUMNS} FROM articles a
              WHERE a."publishedAt" >= $3::timestamp(3) AND a."publishedAt" <= $2::timestamp(3)
              ORDER BY a."publishedAt" LIMIT $4)
           UNION ALL
           (SELECT ${DOC_COLUMNS} FROM articles a
              WHERE a."publishedAt" >= $1::timestamp(3) AND a."publishedAt" < $3::timestamp(3)
              ORDER BY a."publishedAt" DESC LIMIT $4)`,
    // ISO strings cast to timestamp keep the column's UTC-wall-time convention.
    values: [range.from.toISOString(), range.to.toISOString(), range.nearFrom.toISOString(), range.maxRows + 1],
  };
}

/**
 * The articles published in [from, to], by id (so scores sum in the same order
 * every time). When there are more than maxRows, the maxRows published nearest to
 * [nearFrom, nearTo]; `trimmed` says so. Memory stays bounded however busy the
 * installation is. (When the span alone holds more than maxRows, its earliest are kept.)
 */
export async function loadWindow(db: Queryable, range: WindowRange): Promise<{ docs: RelatedDoc[]; trimmed: boolean }> {
  const { rows } = await db.query<DocRow>(windowQuery(range));
  let docs = rows.map(toDoc);
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
