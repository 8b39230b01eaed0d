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

/** The candidate query: every article published in [from, to] (a range on the publishedAt index). */
export function windowQuery(from: Date, to: Date): { text: string; values: string[] } {
  return {
    text: `SELECT ${DOC_COLUMNS} FROM articles a WHERE a."publishedAt" BETWEEN $1::timestamp(3) AND $2::timestamp(3)`,
    // ISO strings cast to timestamp keep the column's UTC-wall-time convention.
    values: [from.toISOString(), to.toISOString()],
  };
}

/** Runs windowQuery; rows by id, so scores sum in the same order every time. */
export async function loadWindow(db: Queryable, from: Date, to: Date): Promise<RelatedDoc[]> {
  const { rows } = await db.query<DocRow>(windowQuery(from, to));
  // Sorted here, not in SQL: ORDER BY id tempts the planner to walk the whole
  // primary key and filter by date instead of range-scanning publishedAt.
  return rows.map(toDoc).sort((a, b) => a.id - b.id);
}
