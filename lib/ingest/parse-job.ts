/**
 * The CPU-heavy half of a poll as one pure function: fetched bytes in, the feed's
 * metadata and normalized entries out. pollSource runs it through a FeedParser:
 * in this thread by default, or on a ParsePool's threads (parse-pool.ts), where a
 * large or hostile document cannot stall the event loop that runs the fetches,
 * timeouts and database writes of the other polls.
 */
import type { NormalizedEntry, ParsedFeed } from "../feeds/types";
import { parseFeed } from "../feeds/parse";
import { normalizeEntries } from "../feeds/normalize";
import { toHttpUrl } from "../feeds/canonical-url";

export interface ParseJob {
  body: Uint8Array;
  /** The URL the body came from, after redirects: the base for relative links. */
  url: string;
  contentType: string | null;
  /** First-seen time (ms since the epoch) for entries that carry no usable date. */
  now: number;
}

/** What a poll keeps of the feed itself. */
export type FeedMeta = Pick<ParsedFeed["feed"], "link" | "description" | "image_url" | "language" | "ttl_minutes">;

export interface ParsedForStore {
  feed: FeedMeta;
  entries: NormalizedEntry[];
}

/** The parser was shut down under this job: the poll is abandoned unrecorded (and retried later), not failed. */
export class ParserStoppedError extends Error {
  override name = "ParserStoppedError";
}

/** A way to run parseForStore; rejects with an Error whose message is one line, safe to show an operator. */
export type FeedParser = (job: ParseJob) => Promise<ParsedForStore>;

/** Parses and normalizes one fetched document; throws FeedParseError when it is not a usable feed. */
export function parseForStore(job: ParseJob): ParsedForStore {
  const body = Buffer.from(job.body.buffer, job.body.byteOffset, job.body.byteLength);
  const parsed = parseFeed(body, { url: job.url, contentType: job.contentType });
  const entries = normalizeEntries(parsed, { feedUrl: job.url, now: new Date(job.now) });
  const { link, description, image_url, language, ttl_minutes } = parsed.feed;
  // The site link and image are rendered on the source's page: http(s) only.
  const feed = { link: toHttpUrl(link, job.url)?.href ?? null, description, image_url: toHttpUrl(image_url, job.url)?.href ?? null, language, ttl_minutes };
  return { feed, entries };
}

/** The default FeedParser: parseForStore on the calling thread. */
export const parseInProcess: FeedParser = async (job) => parseForStore(job);
