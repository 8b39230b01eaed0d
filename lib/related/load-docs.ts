/** Reading the articles related-coverage scoring compares. */
import { Prisma, type PrismaClient } from "../db";
import type { RelatedDoc } from "./score";
import { EXCERPT_CHARS } from "./terms";

/** The client methods related coverage uses (the shared client or a test's). */
export type RelatedDb = Pick<PrismaClient, "$queryRaw" | "$executeRaw" | "$transaction">;

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
const DOC_COLUMNS = Prisma.sql`
  a.id, a."sourceId", COALESCE(a."duplicateOfId", a.id) AS "primaryId",
  CASE WHEN a."duplicateOfId" IS NULL THEN a."sourceId"
       ELSE COALESCE((SELECT p."sourceId" FROM articles p WHERE p.id = a."duplicateOfId"), a."sourceId") END AS "primarySourceId",
  a."publishedAt", a.title, left(a.excerpt, ${EXCERPT_CHARS}::int) AS excerpt`;

function toDoc(r: DocRow): RelatedDoc {
  return { ...r, publishedAtMs: r.publishedAt.getTime() };
}

/** The given articles (missing ids are skipped). */
export async function loadTargets(db: RelatedDb, ids: number[]): Promise<RelatedDoc[]> {
  const rows = await db.$queryRaw<DocRow[]>`SELECT ${DOC_COLUMNS} FROM articles a WHERE a.id = ANY(${ids}::int[])`;
  return rows.map(toDoc);
}

/** The candidate query: every article published in [from, to] (a range on the publishedAt index). */
export function windowQuery(from: Date, to: Date): Prisma.Sql {
  return Prisma.sql`SELECT ${DOC_COLUMNS} FROM articles a WHERE a."publishedAt" BETWEEN ${from} AND ${to}`;
}

/** Runs windowQuery; rows by id, so scores sum in the same order every time. */
export async function loadWindow(db: RelatedDb, from: Date, to: Date): Promise<RelatedDoc[]> {
  const rows = await db.$queryRaw<DocRow[]>(windowQuery(from, to));
  // Sorted here, not in SQL: ORDER BY id tempts the planner to walk the whole
  // primary key and filter by date instead of range-scanning publishedAt.
  return rows.map(toDoc).sort((a, b) => a.id - b.id);
}
