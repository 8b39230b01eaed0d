/**
 * Operators' writes on sources: add by feed or site URL (discovering the feed),
 * remove, import from OPML.
 */
import { z } from "zod";
import { toHttpUrl } from "../feeds/canonical-url";
import { stripNul } from "../feeds/charset";
import { discoverFeedUrl, FeedDiscoveryError, type DiscoveredFeed } from "../feeds/discover";
import { parseFeed } from "../feeds/parse";
import type { PrismaClient } from "../db";
import { Prisma } from "../db";
import { mapPool } from "../ingest/host-limiter";
import { pollSource } from "../ingest/poll-source";
import { log } from "../log";
import { parseOpmlFeeds } from "../opml/opml";
import { slugify } from "./slug";

export class SourceError extends Error {
  override name = "SourceError";
  constructor(
    message: string,
    readonly code: "invalid" | "not_a_feed" | "refused" | "conflict" | "not_found",
  ) {
    super(message);
  }
}

export const sourceUrlSchema = z
  .string()
  .trim()
  .max(2048, "URL is longer than 2048 characters")
  .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), "must be an http:// or https:// URL");

export interface AddedSource {
  id: number;
  slug: string;
  title: string;
  feedUrl: string;
  siteUrl: string | null;
  status: string;
  /** The first poll, which stored the feed discovery had already fetched (no second request). */
  firstFetch: { outcome: string; newArticles: number; error?: string };
}

/** A slug not used by another source: the title's, else with -2, -3, … appended. */
async function uniqueSlug(db: PrismaClient, title: string, fallback: string): Promise<string> {
  const base = slugify(title || fallback, 60);
  const taken = new Set(
    (await db.source.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map((s) => s.slug),
  );
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/**
 * Finds the feed behind a site or feed URL and checks that it parses (one fetch, or two
 * for a site page). Throws SourceError ("not_a_feed", "refused") with a message fit to
 * show. Used by addSource and by members' suggestions (lib/sources/suggestions.ts).
 */
export async function probeFeed(url: string, siteUrlHint?: string | null): Promise<{ feedUrl: string; feedTitle: string | null; siteUrl: string | null; description: string | null; response: DiscoveredFeed["response"] }> {
  let discovered;
  try {
    discovered = await discoverFeedUrl(url);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new SourceError(message, err instanceof FeedDiscoveryError && err.code === "refused" ? "refused" : "not_a_feed");
  }
  const feedUrl = discovered.feedUrl;
  let feedTitle: string | null = discovered.title ?? null;
  // The site link is rendered on the source's page: only an http(s) URL is kept, whether
  // it came from an OPML file or from the feed.
  let siteUrl = toHttpUrl(siteUrlHint)?.href ?? null;
  let description: string | null = null;
  if (discovered.body) {
    try {
      const parsed = parseFeed(discovered.body, { url: feedUrl, contentType: discovered.contentType ?? null });
      feedTitle = parsed.feed.title ?? feedTitle;
      siteUrl ??= toHttpUrl(parsed.feed.link, feedUrl)?.href ?? null;
      description = parsed.feed.description;
    } catch (err) {
      throw new SourceError(`${feedUrl} is not a usable feed: ${(err as Error).message}`, "not_a_feed");
    }
  }
  return { feedUrl, feedTitle, siteUrl, description, response: discovered.response };
}

/**
 * Adds a source from a feed URL or a site URL whose page links to its feed. The
 * feed is fetched and parsed first, so only working feeds are added, and that one
 * response is stored as the source's first poll: its articles show at once and the
 * feed is not fetched twice. Every way in (the CLI's `sources add` and `opml import`,
 * the console's form and OPML import, an approved suggestion) goes through here.
 * Throws SourceError with a message fit to show the operator.
 */
export async function addSource(db: PrismaClient, rawUrl: string, opts: { title?: string | null; siteUrl?: string | null } = {}): Promise<AddedSource> {
  const parsedUrl = sourceUrlSchema.safeParse(rawUrl);
  if (!parsedUrl.success) throw new SourceError(`invalid URL ${JSON.stringify(rawUrl.slice(0, 200))}: ${parsedUrl.error.issues[0]!.message}`, "invalid");
  const url = parsedUrl.data;

  const existing = await db.source.findUnique({ where: { feedUrl: url } });
  if (existing) throw new SourceError(`${url} is already a source (id ${existing.id}, ${existing.title})`, "conflict");

  const probed = await probeFeed(url, opts.siteUrl);
  const feedUrl = probed.feedUrl;
  if (feedUrl !== url) {
    const dup = await db.source.findUnique({ where: { feedUrl } });
    if (dup) throw new SourceError(`${url} leads to ${feedUrl}, already a source (id ${dup.id}, ${dup.title})`, "conflict");
  }
  const { feedTitle, siteUrl, description } = probed;
  // An HTML page's <title> has not been through parseFeed, which removes NULs Postgres cannot store.
  const title = stripNul(opts.title?.trim() || feedTitle?.trim() || new URL(feedUrl).hostname).slice(0, 300);
  try {
    const created = await db.source.create({
      data: {
        slug: await uniqueSlug(db, title, new URL(feedUrl).hostname),
        title,
        feedUrl: feedUrl.slice(0, 2048),
        siteUrl: siteUrl ?? (url !== feedUrl ? url : null),
        description: description?.slice(0, 2000) ?? null,
        nextCheckAt: new Date(),
      },
    });
    return { id: created.id, slug: created.slug, title: created.title, feedUrl: created.feedUrl, siteUrl: created.siteUrl, status: created.status, firstFetch: await storeFirstFetch(created.id, probed.response) };
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw new SourceError(`${feedUrl} was added by someone else just now`, "conflict");
    }
    throw err;
  }
}

/**
 * Stores discovery's response as source `id`'s first poll. A failure here leaves the
 * source added and due (nextCheckAt is now): the worker's next poll fetches it, so it
 * is logged and reported, not thrown.
 */
async function storeFirstFetch(id: number, response: DiscoveredFeed["response"]): Promise<AddedSource["firstFetch"]> {
  try {
    const polled = await pollSource(id, response ? { prefetched: response } : {});
    return { outcome: polled.outcome, newArticles: polled.newArticles, ...(polled.error ? { error: polled.error } : {}) };
  } catch (err) {
    log.error({ err, sourceId: id }, "storing a new source's first fetch failed; the worker will poll it");
    return { outcome: "error", newArticles: 0, error: "its first fetch could not be stored; the worker will poll it shortly" };
  }
}

/** Removes a source and, by cascade, its articles and fetch log. */
export async function removeSource(db: PrismaClient, id: number): Promise<void> {
  const deleted = await db.source.deleteMany({ where: { id } });
  if (deleted.count === 0) throw new SourceError(`no source with id ${id}`, "not_found");
}

export interface OpmlImportResult {
  url: string;
  ok: boolean;
  id?: number;
  error?: string;
}

/** Adds every feed of an OPML document (already-present feeds are reported, not duplicated). */
export async function importOpml(db: PrismaClient, text: string, concurrency = 4): Promise<OpmlImportResult[]> {
  const feeds = parseOpmlFeeds(text);
  return mapPool(feeds, concurrency, async (f) => {
    try {
      const s = await addSource(db, f.xmlUrl, { title: f.title, siteUrl: f.htmlUrl });
      return { url: f.xmlUrl, ok: true, id: s.id };
    } catch (err) {
      return { url: f.xmlUrl, ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  });
}
