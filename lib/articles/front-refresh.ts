/**
 * The worker's pass that stores the front page's placement (why stored, and what it
 * costs: ./front-placement.ts). It reads every listed article in hot order, places
 * them under the source cap, and writes articles."frontRank" only where it changed:
 * a key for each entry that was pushed down, NULL for the rest (which keep their
 * place by hotRank). Run after refreshHotRanks (the order it places is the hot order)
 * and shortly after polls add articles (jobs/follow-ups.ts).
 *
 * The list placed here must be exactly the list the front page shows (./front.ts
 * FRONT_LISTED_SQL): an entry placed here but hidden there, or the other way round,
 * shifts every window after it. If you change which articles the front page lists,
 * change FRONT_LISTED_SQL, which both read.
 */
import type pg from "pg";
import { frontSourceCap } from "../env";
import { FRONT_EXCESS_KEY, FRONT_LISTED_SQL } from "./front-listed";
import { frontKeysOf, placeFrontIndexes } from "./front-placement";

// One pass at a time across every worker (a second waits, then places again from what
// the first wrote: a pass is idempotent).
const PLACEMENT_LOCK_KEY = 0x7f_0c_a9;
// Rows per read (a keyset walk of articles_hotRank_id_idx) and per UPDATE.
const READ_CHUNK = 50_000;
const WRITE_CHUNK = 5_000;

interface Row {
  id: number;
  sourceId: number;
  hotRank: number;
  frontRank: number | null;
  listed: boolean;
}

/** Places the whole front list under the source cap and stores what moved; returns how many were listed and written. */
export async function refreshFrontPlacement(
  pool: Pick<pg.Pool, "connect">,
  opts: { cap?: number; window?: number } = {},
): Promise<{ listed: number; written: number }> {
  const setting = frontSourceCap();
  const cap = opts.cap ?? setting.cap;
  const window = opts.window ?? setting.window;
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PLACEMENT_LOCK_KEY]);
    try {
      // Columns in typed arrays, not a million row objects (the worker's heap is 256 MB by
      // default); frontRank NaN where NULL. Chunks are joined once the read is done.
      const chunks: { ids: Int32Array; sourceIds: Int32Array; hotRanks: Float64Array; frontRanks: Float64Array; listed: Uint8Array }[] = [];
      let total = 0;
      let last: { hotRank: number; id: number } | null = null;
      // One snapshot for the whole read (REPEATABLE READ), so a hot-rank refresh
      // committing between chunks cannot reorder the walk under us.
      await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      try {
        for (;;) {
          const after: string = last ? `AND (a."hotRank", a.id) < ($1::float8, $2::int)` : "";
          const { rows }: { rows: Row[] } = await client.query<Row>(
            // Every primary, listed or not: an unlisted one (removed by a moderator) that
            // still holds a key is cleared, so a restored article comes back at its hot rank.
            // node-pg reads float8 as the shortest text that round-trips, so keys compare exactly.
            `SELECT id, "sourceId", "hotRank", "frontRank", (${FRONT_LISTED_SQL}) AS listed
               FROM articles a
              WHERE a."duplicateOfId" IS NULL ${after}
              ORDER BY a."hotRank" DESC, a.id DESC
              LIMIT ${READ_CHUNK}`,
            last ? [String(last.hotRank), last.id] : [],
          );
          const c = {
            ids: new Int32Array(rows.length),
            sourceIds: new Int32Array(rows.length),
            hotRanks: new Float64Array(rows.length),
            frontRanks: new Float64Array(rows.length),
            listed: new Uint8Array(rows.length),
          };
          rows.forEach((r, i) => {
            c.ids[i] = r.id;
            c.sourceIds[i] = r.sourceId;
            c.hotRanks[i] = r.hotRank;
            c.frontRanks[i] = r.frontRank ?? NaN;
            c.listed[i] = r.listed ? 1 : 0;
          });
          chunks.push(c);
          total += rows.length;
          if (rows.length < READ_CHUNK) break;
          last = rows[rows.length - 1]!;
        }
      } finally {
        await client.query("COMMIT");
      }
      const ids = new Int32Array(total);
      const sourceIds = new Int32Array(total);
      const hotRanks = new Float64Array(total);
      const frontRanks = new Float64Array(total);
      const isListed = new Uint8Array(total);
      let at = 0;
      for (const c of chunks.splice(0)) {
        ids.set(c.ids, at);
        sourceIds.set(c.sourceIds, at);
        hotRanks.set(c.hotRanks, at);
        frontRanks.set(c.frontRanks, at);
        isListed.set(c.listed, at);
        at += c.ids.length;
      }
      // The listed rows' indexes, in hot order, and their sources.
      let listedCount = 0;
      for (let i = 0; i < total; i++) listedCount += isListed[i]!;
      const listed = new Int32Array(listedCount);
      const listedSources = new Int32Array(listedCount);
      for (let i = 0, k = 0; i < total; i++) {
        if (isListed[i]) {
          listed[k] = i;
          listedSources[k++] = sourceIds[i]!;
        }
      }

      const order = placeFrontIndexes(listedSources, { cap, window, complete: true, endAtExcess: true });
      const keys = frontKeysOf(order.length, (k) => ids[listed[order[k]!]!]!, (k) => hotRanks[listed[order[k]!]!]!);
      const sameKey = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));
      const changedIds: number[] = [];
      const changedKeys: (string | null)[] = [];
      order.forEach((k, pos) => {
        const i = listed[k]!;
        if (!sameKey(frontRanks[i]!, keys[pos]!)) {
          changedIds.push(ids[i]!);
          changedKeys.push(Number.isNaN(keys[pos]!) ? null : String(keys[pos]));
        }
      });
      // Listed but not placed: a flood's excess, kept off the front page by its key.
      const placedHere = new Uint8Array(listedCount);
      for (const k of order) placedHere[k] = 1;
      for (let k = 0; k < listedCount; k++) {
        const i = listed[k]!;
        if (!placedHere[k] && frontRanks[i] !== FRONT_EXCESS_KEY) {
          changedIds.push(ids[i]!);
          changedKeys.push(String(FRONT_EXCESS_KEY));
        }
      }
      for (let i = 0; i < total; i++) {
        if (!isListed[i] && !Number.isNaN(frontRanks[i]!)) {
          changedIds.push(ids[i]!);
          changedKeys.push(null);
        }
      }
      // One transaction, so readers see the old placement or the new one, never half.
      await client.query("BEGIN");
      try {
        for (let i = 0; i < changedIds.length; i += WRITE_CHUNK) {
          await client.query(
            `UPDATE articles a SET "frontRank" = v.key
               FROM unnest($1::int[], $2::float8[]) AS v(id, key)
              WHERE a.id = v.id`,
            [changedIds.slice(i, i + WRITE_CHUNK), changedKeys.slice(i, i + WRITE_CHUNK)],
          );
        }
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      }
      return { listed: listedCount, written: changedIds.length };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PLACEMENT_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}
