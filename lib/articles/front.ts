/**
 * The front page, the list every front surface reads (the page, /rss.xml, the agent
 * API's sort=hot): entries in hot order with no source holding more than
 * FRONT_SOURCE_CAP of any FRONT_SOURCE_WINDOW consecutive entries (the rule, and why
 * the worker stores the placement: ./front-placement.ts).
 *
 * - Everyone's page (listFrontArticles): the stored placement, read by keyset over
 *   (coalesce(frontRank, hotRank), id) from articles_front_idx, one indexed walk that
 *   stops after a page; shared through the data cache and, logged out, the page cache.
 * - A member's own page when they muted sources or tags (listMemberFrontArticles):
 *   leaving entries out of a capped list can break the cap (the entries between two of
 *   a source's come closer), so their page places their own filtered hot order again
 *   with the same rule, replaying it from the top for each page (bounded, below).
 */
import { db, Prisma } from "../db";
import { frontSourceCap } from "../env";
import { decodeCursor, encodeCursor, type CursorKind } from "./cursor";
import { FRONT_EXCESS_KEY, FRONT_LISTED_SQL } from "./front-listed";
import { placeFrontEntries } from "./front-placement";
import { LIST_COLUMNS, pageOf, toListItem, type ListRow } from "./list-page";
import { PAGE_SIZE } from "./queries";
import type { ArticlePage } from "./types";

/** listFrontArticles' cursor: (coalesce(frontRank, hotRank), id) of the last row. */
export const FRONT_CURSOR: CursorKind[] = ["float", "int"];
/**
 * listMemberFrontArticles' cursor: (entries shown so far, id of the last one shown, the
 * newest article id when the first page was read). Three parts, so neither list reads
 * the other's cursor as its own.
 */
export const MEMBER_FRONT_CURSOR: CursorKind[] = ["int", "int", "int"];

/** Hot-order rows a member's page reads per round trip while placing. */
const MEMBER_CHUNK = 500;
/**
 * How deep a member's own front page goes, in hot-order entries read: each page
 * replays the placement from the top (cost grows with depth: ~10 ms per thousand
 * rows here), so past this the member's list ends and /new goes on.
 */
export const MEMBER_FRONT_MAX_ROWS = 10_000;
/** How far below the best waiting entry a member's placement looks for one that fits (./front-placement.ts). */
const MEMBER_LOOKAHEAD = 2_000;

const FRONT_KEY = Prisma.sql`coalesce(a."frontRank", a."hotRank")`;

type FrontRow = ListRow & { frontKey: number };

function frontPageSql(after: Prisma.Sql, limit: number): Prisma.Sql {
  return Prisma.sql`
    SELECT ${LIST_COLUMNS}, ${FRONT_KEY} AS "frontKey"
      FROM articles a JOIN sources s ON s.id = a."sourceId"
     WHERE a."duplicateOfId" IS NULL AND ${Prisma.raw(FRONT_LISTED_SQL)} AND ${FRONT_KEY} > ${FRONT_EXCESS_KEY}::float8 ${after}
     ORDER BY ${FRONT_KEY} DESC, a.id DESC
     LIMIT ${limit}`;
}

/** The front page's first-page SQL exactly as listFrontArticles runs it (tests/bench/pages.ts EXPLAINs it). */
export function frontFirstPageSql(limit = PAGE_SIZE): Prisma.Sql {
  return frontPageSql(Prisma.empty, limit + 1);
}

/**
 * Everyone's front page: the stored source-capped placement (articles_front_idx), cursor
 * (key, id). Exact while articles arrive (a new one sits at its hot rank, above or below
 * the cursor, and is seen once or not at all); as with hot order before, a vote or a
 * placement pass between two pages can move an entry across the boundary.
 */
export async function listFrontArticles(cursor?: string, limit = PAGE_SIZE): Promise<ArticlePage> {
  const parts = decodeCursor(cursor, FRONT_CURSOR);
  // The key goes over the wire as text: Prisma binds JS numbers with fewer digits than
  // a double holds, and a rounded cursor would repeat or skip the boundary row.
  const after = parts ? Prisma.sql`AND (${FRONT_KEY}, a.id) < (${String(parts[0])}::float8, ${parts[1]}::int)` : Prisma.empty;
  const rows = await db.$queryRaw<FrontRow[]>(frontPageSql(after, limit + 1));
  return pageOf(rows, limit, (r) => [r.frontKey, r.id], toListItem, Boolean(cursor) && parts === null);
}

/** What a member left out of their front page (lib/mutes). */
export interface FrontMutes {
  sourceIds: number[];
  tags: string[];
}

/** Whether a member's mutes leave anything out (else they read everyone's page). */
export function hasMutes(m: FrontMutes): boolean {
  return m.sourceIds.length > 0 || m.tags.length > 0;
}

interface SlimRow {
  id: number;
  sourceId: number;
  hotRank: number;
}

function mutedSql(m: FrontMutes): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (m.sourceIds.length > 0) parts.push(Prisma.sql`AND a."sourceId" NOT IN (${Prisma.join(m.sourceIds)})`);
  if (m.tags.length > 0) parts.push(Prisma.sql`AND NOT (a.tags && ARRAY[${Prisma.join(m.tags)}]::text[])`);
  return parts.length > 0 ? Prisma.join(parts, " ") : Prisma.empty;
}

/**
 * A member's own front page: their hot order without what they muted, placed under
 * the same source cap. Pages exactly: each page replays the same placement over the
 * articles there were when the first page was read (the cursor carries the newest id),
 * and starts right after the cursor's anchor, the last entry shown. As on everyone's
 * page, a vote or the periodic rank refresh between two pages can move an entry
 * across the boundary. Ends after MEMBER_FRONT_MAX_ROWS.
 */
export async function listMemberFrontArticles(mutes: FrontMutes, cursor?: string, limit = PAGE_SIZE): Promise<ArticlePage> {
  const { cap, window } = frontSourceCap();
  const parts = decodeCursor(cursor, MEMBER_FRONT_CURSOR);
  const shown = parts ? (parts[0] as number) : 0;
  const anchor = parts ? (parts[1] as number) : null;
  // Later pages place the same articles as the first did: one that arrived since would
  // change the placement above the anchor (a repeat or a gap). It shows from page one.
  const newestId = parts ? (parts[2] as number) : ((await db.$queryRaw<{ max: number | null }[]>`SELECT max(id) AS max FROM articles`)[0]?.max ?? 0);
  const rows: SlimRow[] = [];
  let placed: SlimRow[] = [];
  let complete = false;
  let start = shown;
  for (;;) {
    const last = rows[rows.length - 1];
    const after = last ? Prisma.sql`AND (a."hotRank", a.id) < (${String(last.hotRank)}::float8, ${last.id}::int)` : Prisma.empty;
    // articles_hotRank_id_idx, filtered: the walk stops after a chunk.
    const chunk = await db.$queryRaw<SlimRow[]>(Prisma.sql`
      SELECT a.id, a."sourceId", a."hotRank" FROM articles a
       WHERE a."duplicateOfId" IS NULL AND ${Prisma.raw(FRONT_LISTED_SQL)} AND a.id <= ${newestId}::int ${mutedSql(mutes)} ${after}
       ORDER BY a."hotRank" DESC, a.id DESC
       LIMIT ${MEMBER_CHUNK}`);
    rows.push(...chunk);
    complete = chunk.length < MEMBER_CHUNK;
    placed = placeFrontEntries(rows, { cap, window, complete, lookahead: MEMBER_LOOKAHEAD, endAtExcess: true });
    const at = anchor === null ? -1 : placed.findIndex((r) => r.id === anchor);
    const anchorKnown = anchor === null || at >= 0;
    start = at >= 0 ? at + 1 : shown;
    const exhausted = complete || rows.length >= MEMBER_FRONT_MAX_ROWS;
    if ((anchorKnown && placed.length > start + limit) || exhausted) break;
  }
  const pageRows = placed.slice(start, start + limit);
  const full = pageRows.length === 0 ? [] : await db.$queryRaw<ListRow[]>(Prisma.sql`
    SELECT ${LIST_COLUMNS} FROM articles a JOIN sources s ON s.id = a."sourceId"
     WHERE a.id IN (${Prisma.join(pageRows.map((r) => r.id))})`);
  const byId = new Map(full.map((r) => [r.id, r]));
  // An entry removed between the two reads is left out of this page, not an error.
  const items = pageRows.flatMap((r) => (byId.has(r.id) ? [toListItem(byId.get(r.id)!)] : []));
  const lastShown = pageRows[pageRows.length - 1];
  const more = placed.length > start + limit && lastShown !== undefined;
  return {
    items,
    nextCursor: more ? encodeCursor([start + limit, lastShown.id, newestId]) : null,
    cursorRejected: Boolean(cursor) && parts === null,
  };
}
