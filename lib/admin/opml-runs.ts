/**
 * OPML imports that run after the response, with progress: the import form creates a
 * row (opml_imports) and answers at once with its status page; the feeds are then added
 * a few at a time and each outcome is counted on the row, which the page shows as
 * "imported N of M, K failed" and refreshes until it is done (<meta refresh> without
 * JavaScript, a timer with it).
 */
import { db, Prisma } from "../db";
import { log } from "../log";
import type { Moderator } from "../moderation/log";
import { checkChosenFeeds, importChosenFeeds, type OpmlImportOutcome } from "./opml";

/** A run untouched this long while unfinished was cut short (the process stopped), in ms. */
export const STALLED_AFTER_MS = 10 * 60_000;

export interface OpmlRun {
  id: number;
  total: number;
  imported: number;
  failed: number;
  results: OpmlImportOutcome[];
  createdAt: Date;
  finishedAt: Date | null;
  /** running | done | stalled */
  state: "running" | "done" | "stalled";
}

/** Records a new run of the chosen feeds (validated, admins only) and returns its id and feeds. */
export async function createOpmlRun(actor: Moderator & { isAgent?: boolean }, urls: string[]): Promise<{ id: number; urls: string[] }> {
  const unique = checkChosenFeeds(actor, urls);
  const row = await db.opmlImport.create({ data: { startedBy: actor.id, total: unique.length }, select: { id: true } });
  return { id: row.id, urls: unique };
}

/** Adds run `id`'s feeds, counting each outcome on its row as it lands; marks it finished. Never throws. */
export async function executeOpmlRun(actor: Moderator & { isAgent?: boolean }, id: number, urls: string[], afterEach?: (r: OpmlImportOutcome) => void): Promise<void> {
  try {
    await importChosenFeeds(actor, urls, async (r) => {
      // One statement per outcome: concurrent adds append without losing each other's counts.
      await db.$executeRaw(Prisma.sql`
        UPDATE opml_imports
           SET imported = imported + ${r.ok ? 1 : 0}, failed = failed + ${r.ok ? 0 : 1},
               results = results || ${JSON.stringify([r])}::jsonb, "updatedAt" = now()
         WHERE id = ${id}`);
      afterEach?.(r);
    });
  } catch (err) {
    log.error({ err, runId: id, adminId: actor.id }, "OPML import run failed");
  } finally {
    await db.opmlImport.update({ where: { id }, data: { finishedAt: new Date(), updatedAt: new Date() } }).catch((err: unknown) => log.error({ err, runId: id }, "marking an OPML import run finished failed"));
  }
}

/** Run `id` as its status page shows it, or null. */
export async function getOpmlRun(id: number, now: Date = new Date()): Promise<OpmlRun | null> {
  const r = await db.opmlImport.findUnique({ where: { id } });
  if (!r) return null;
  const state = r.finishedAt ? "done" : now.getTime() - r.updatedAt.getTime() > STALLED_AFTER_MS ? "stalled" : "running";
  return { id: r.id, total: r.total, imported: r.imported, failed: r.failed, results: (r.results as unknown as OpmlImportOutcome[]) ?? [], createdAt: r.createdAt, finishedAt: r.finishedAt, state };
}
