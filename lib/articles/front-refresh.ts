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
import { FRONT_LISTED_SQL } from "./front-listed";
import { frontKeys, placeFrontIndexes } from "./front-placement";

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
      // Columns kept as plain arrays, not a million row objects (the worker's heap is 256 MB by default).
      const ids: number[] = [];
      const sourceIds: number[] = [];
      const hotRanks: number[] = [];
      const frontRanks: (number | null)[] = [];
      const listed: number[] = []; // indexes of listed rows, in hot order
      // One snapshot for the whole read (REPEATABLE READ), so a hot-rank refresh
      // committing between chunks cannot reorder the walk under us.
      await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      try {
        for (;;) {
          const n = ids.length;
          const after = n === 0 ? "" : `AND (a."hotRank", a.id) < ($1::float8, $2::int)`;
          const { rows } = await client.query<Row>(
            // Every primary, listed or not: an unlisted one (removed by a moderator) that
            // still holds a key is cleared, so a restored article comes back at its hot rank.
            // node-pg reads float8 as the shortest text that round-trips, so keys compare exactly.
            `SELECT id, "sourceId", "hotRank", "frontRank", (${FRONT_LISTED_SQL}) AS listed
               FROM articles a
              WHERE a."duplicateOfId" IS NULL ${after}
              ORDER BY a."hotRank" DESC, a.id DESC
              LIMIT ${READ_CHUNK}`,
            n === 0 ? [] : [String(hotRanks[n - 1]), ids[n - 1]],
          );
          for (const r of rows) {
            if (r.listed) listed.push(ids.length);
            ids.push(r.id);
            sourceIds.push(r.sourceId);
            hotRanks.push(r.hotRank);
            frontRanks.push(r.frontRank);
          }
          if (rows.length < READ_CHUNK) break;
        }
      } finally {
        await client.query("COMMIT");
      }

      const order = placeFrontIndexes(
        listed.map((i) => sourceIds[i]!),
        { cap, window, complete: true },
      ).map((k) => listed[k]!);
      const keys = frontKeys(order.map((i) => ({ id: ids[i]!, hotRank: hotRanks[i]! })));
      const changedIds: number[] = [];
      const changedKeys: (string | null)[] = [];
      order.forEach((i, k) => {
        if (frontRanks[i] !== keys[k]) {
          changedIds.push(ids[i]!);
          changedKeys.push(keys[k] === null ? null : String(keys[k]));
        }
      });
      const isListed = new Set(listed);
      frontRanks.forEach((f, i) => {
        if (f !== null && !isListed.has(i)) {
          changedIds.push(ids[i]!);
          changedKeys.push(null);
        }
      });
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
      return { listed: listed.length, written: changedIds.length };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PLACEMENT_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}
