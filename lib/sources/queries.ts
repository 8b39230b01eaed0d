/** Reads of sources for the reading pages (/sources and /s/<slug>) and the operators' `sources list`. */
import { db, Prisma } from "../db";

/** A source as its page and the sources list show it, with a health hint. */
export interface SourceSummary {
  id: number;
  slug: string;
  title: string;
  feedUrl: string;
  siteUrl: string | null;
  description: string | null;
  status: "active" | "disabled" | "gone";
  lastFetchedAt: Date | null;
  lastSuccessAt: Date | null;
  nextCheckAt: Date;
  errorCount: number;
  lastError: string | null;
  articleCount: number;
}

interface SourceRow extends Omit<SourceSummary, "articleCount"> {
  articleCount: bigint | number;
}

const SOURCE_COLUMNS = Prisma.sql`s.id, s.slug, s.title, s."feedUrl", s."siteUrl", s.description, s.status::text AS status,
  s."lastFetchedAt", s."lastSuccessAt", s."nextCheckAt", s."errorCount", s."lastError"`;

function toSummary(r: SourceRow): SourceSummary {
  return { ...r, articleCount: Number(r.articleCount) };
}

/** Every source, alphabetically, with its article count (an index-only count per source). */
export async function listSourcesWithCounts(): Promise<SourceSummary[]> {
  const rows = await db.$queryRaw<SourceRow[]>(Prisma.sql`
    SELECT ${SOURCE_COLUMNS}, COALESCE(c.n, 0) AS "articleCount"
      FROM sources s
      LEFT JOIN (SELECT "sourceId", count(*) AS n FROM articles GROUP BY "sourceId") c ON c."sourceId" = s.id
     ORDER BY lower(s.title), s.id`);
  return rows.map(toSummary);
}

/** One source by slug, or null. */
export async function getSourceBySlug(slug: string): Promise<SourceSummary | null> {
  if (slug.length > 80) return null;
  const rows = await db.$queryRaw<SourceRow[]>(Prisma.sql`
    SELECT ${SOURCE_COLUMNS}, (SELECT count(*) FROM articles a WHERE a."sourceId" = s.id) AS "articleCount"
      FROM sources s WHERE s.slug = ${slug}`);
  return rows[0] ? toSummary(rows[0]) : null;
}

/** What a reader should be told about a source's fetching, in a few words. */
export function describeSourceHealth(s: Pick<SourceSummary, "status" | "lastSuccessAt" | "errorCount" | "lastError">): {
  tone: "ok" | "warn" | "bad";
  text: string;
} {
  if (s.status === "gone") return { tone: "bad", text: "the feed is gone (HTTP 410); no longer fetched" };
  if (s.status === "disabled") return { tone: "warn", text: "paused by an operator" };
  if (s.errorCount > 0) {
    const why = s.lastError ? `: ${s.lastError.slice(0, 160)}` : "";
    return { tone: s.lastSuccessAt ? "warn" : "bad", text: `failing (${s.errorCount} ${s.errorCount === 1 ? "error" : "errors"} in a row)${why}; retrying with backoff` };
  }
  if (!s.lastSuccessAt) return { tone: "warn", text: "not fetched yet; articles appear after the first fetch" };
  return { tone: "ok", text: "healthy" };
}
