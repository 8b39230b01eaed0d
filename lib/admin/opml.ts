/**
 * OPML in the source console: a preview that sorts an uploaded file's feeds into new,
 * already present and broken, then an import of the ones the admin chose, each added
 * as `sources add` adds one (discovered, fetched, parsed) and logged.
 */
import { db } from "../db";
import { mapPool } from "../ingest/host-limiter";
import { writeLogEntry, type Moderator } from "../moderation/log";
import { isAdmin } from "../moderation/roles";
import { OpmlError, parseOpmlFeeds, renderOpml } from "../opml/opml";
import { addSource, sourceUrlSchema } from "../sources/service";
import { SourceConsoleError } from "./sources";

/** Feeds one import may add (each is fetched in the request). */
export const MAX_OPML_IMPORT = 100;

export interface OpmlPreviewItem {
  url: string;
  title: string | null;
  status: "new" | "present" | "broken";
  /** Why it is broken, or which source it already is. */
  detail: string | null;
}

/** Sorts an OPML document's feeds into new, already present and broken (an unusable URL). Throws OpmlError. */
export async function previewOpml(text: string): Promise<OpmlPreviewItem[]> {
  const feeds = parseOpmlFeeds(text);
  if (feeds.length === 0) throw new OpmlError("That file lists no feeds (no outline has an xmlUrl).");
  const present = new Map(
    (await db.source.findMany({ where: { feedUrl: { in: feeds.map((f) => f.xmlUrl.trim()).filter((u) => u.length <= 2048) } }, select: { feedUrl: true, title: true } })).map((s) => [s.feedUrl, s.title]),
  );
  // parseOpmlFeeds already keeps one outline per xmlUrl; after trimming two may still meet.
  const seen = new Set<string>();
  return feeds.map((f) => {
    const url = f.xmlUrl.trim();
    const parsed = sourceUrlSchema.safeParse(url);
    if (!parsed.success) return { url: url.slice(0, 300), title: f.title, status: "broken" as const, detail: parsed.error.issues[0]?.message ?? "not a URL" };
    if (present.has(url)) return { url, title: f.title, status: "present" as const, detail: present.get(url)! };
    if (seen.has(url)) return { url, title: f.title, status: "present" as const, detail: "listed twice in this file" };
    seen.add(url);
    return { url, title: f.title, status: "new" as const, detail: null };
  });
}

export interface OpmlImportOutcome {
  url: string;
  ok: boolean;
  message: string;
}

/** The chosen feeds, trimmed and deduplicated; throws SourceConsoleError for a non-admin, none, or too many. */
export function checkChosenFeeds(actor: Moderator & { isAgent?: boolean }, urls: string[]): string[] {
  if (actor.isAgent || !isAdmin(actor.role)) throw new SourceConsoleError("Only admins can change sources.");
  const unique = [...new Set(urls.map((u) => u.trim()))].filter(Boolean);
  if (unique.length === 0) throw new SourceConsoleError("Choose at least one feed to import.");
  if (unique.length > MAX_OPML_IMPORT) throw new SourceConsoleError(`At most ${MAX_OPML_IMPORT} feeds at a time; import the rest in another pass.`);
  return unique;
}

/**
 * Adds the chosen feeds (at most MAX_OPML_IMPORT), a few at a time; one log row per
 * added source. `onResult` hears each outcome as it lands (the progress page's counts).
 */
export async function importChosenFeeds(
  actor: Moderator & { isAgent?: boolean },
  urls: string[],
  onResult?: (r: OpmlImportOutcome) => Promise<void>,
): Promise<OpmlImportOutcome[]> {
  const unique = checkChosenFeeds(actor, urls);
  return mapPool(unique, 4, async (url) => {
    let outcome: OpmlImportOutcome;
    try {
      const s = await addSource(db, url);
      await db.$transaction((tx) => writeLogEntry(tx, actor, { action: "add", targetType: "source", targetId: s.id, targetLabel: `source ${s.title}`, targetPath: `/s/${s.slug}`, reason: "imported from OPML" }));
      outcome = { url, ok: true, message: `added as ${s.title}` };
    } catch (err) {
      outcome = { url, ok: false, message: err instanceof Error ? err.message.slice(0, 300) : String(err) };
    }
    await onResult?.(outcome);
    return outcome;
  });
}

/** Every source as an OPML document, by title. */
export async function exportSourcesOpml(): Promise<string> {
  const sources = await db.source.findMany({ orderBy: { title: "asc" }, select: { title: true, feedUrl: true, siteUrl: true } });
  return renderOpml("readahead sources", sources.map((s) => ({ title: s.title, xmlUrl: s.feedUrl, htmlUrl: s.siteUrl })));
}
