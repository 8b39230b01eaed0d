// ParsedFeed -> the rows the store writes. Pure and deterministic for a given (document, now):
// re-polling an unchanged document yields identical keys and content hashes, which is what
// lets the store skip unchanged entries.
import { createHash } from "node:crypto";
import type { NormalizedEntry, ParsedFeed, ParsedItem } from "./types";
import { canonicalizeUrl, toHttpUrl } from "./canonical-url";
import { baseEntryKey, uniquifyKeys } from "./entry-key";
import { readingMinutes } from "./reading-time";
import { makeExcerpt } from "./excerpt";
import { htmlToPlainText } from "./sanitize";

const MAX_TAGS = 8;
const MAX_TAG_CHARS = 100;
const MAX_TITLE_CHARS = 500;
/** articles.author is VARCHAR(300); a longer byline would make Postgres refuse the whole poll. */
const MAX_AUTHOR_CHARS = 300;
const FALLBACK_TITLE_CHARS = 80;
/** Dates further ahead than this are clock errors or scheduled posts; we show them as first seen. */
const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;

export interface NormalizeOptions {
  /** The source's feed URL: base for any link still relative after parsing. */
  feedUrl: string;
  /** First-seen time, used when an entry carries no usable date. */
  now: Date;
}

/** Tags from categories: trimmed, lower-cased, deduplicated, at most MAX_TAGS of MAX_TAG_CHARS each. */
export function tagsFromCategories(categories: string[]): string[] {
  const out: string[] = [];
  for (const c of categories) {
    const t = c.replace(/\s+/g, " ").trim().toLowerCase();
    if (!t || t.length > MAX_TAG_CHARS || out.includes(t)) continue;
    out.push(t);
    if (out.length === MAX_TAGS) break;
  }
  return out;
}

/** `text` cut to at most `max` UTF-16 units, never inside a surrogate pair. */
function clip(text: string | null, max: number): string | null {
  if (text === null || text.length <= max) return text;
  const cut = text.slice(0, max);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

function pickDate(item: ParsedItem, now: Date): { date: Date; fromFeed: boolean } {
  for (const iso of [item.published, item.updated]) {
    if (!iso) continue;
    const t = Date.parse(iso);
    if (Number.isFinite(t) && t <= now.getTime() + MAX_FUTURE_MS) return { date: new Date(t), fromFeed: true };
  }
  return { date: now, fromFeed: false };
}

function fallbackTitle(excerpt: string): string {
  if (!excerpt) return "(untitled)";
  return makeExcerpt(excerpt, FALLBACK_TITLE_CHARS);
}

/** Normalize every item of a parsed feed into entries ready to store, in document order. */
export function normalizeEntries(parsed: ParsedFeed, opts: NormalizeOptions): NormalizedEntry[] {
  const keys = uniquifyKeys(parsed.items.map(baseEntryKey));
  return parsed.items.map((item, i) => {
    const link = toHttpUrl(item.link, opts.feedUrl);
    const url = link?.href ?? null;
    const contentHtml = item.content ?? item.summary ?? null;
    const summaryText = htmlToPlainText(item.summary ?? "");
    const bodyText = item.content ? htmlToPlainText(item.content) : summaryText;
    const excerpt = makeExcerpt(summaryText || bodyText);
    const title = item.title?.trim() ? makeExcerpt(item.title, MAX_TITLE_CHARS) : fallbackTitle(excerpt);
    const { date, fromFeed } = pickDate(item, opts.now);
    const stored = {
      url,
      title,
      excerpt,
      contentHtml,
      author: clip(item.author?.trim() || null, MAX_AUTHOR_CHARS),
      // Only http(s): the image is rendered in our pages, and the feed chose the scheme.
      imageUrl: toHttpUrl(item.image_url, opts.feedUrl)?.href ?? null,
      readingMinutes: readingMinutes(bodyText || title),
      tags: tagsFromCategories(item.categories),
    };
    // The first-seen fallback date is excluded: it changes on every poll but is not content.
    const contentHash = createHash("sha256")
      .update(JSON.stringify({ ...stored, publishedAt: fromFeed ? date.toISOString() : null }))
      .digest("hex");
    return { entryKey: keys[i] ?? baseEntryKey(item), canonicalUrl: canonicalizeUrl(link), publishedAt: date, contentHash, ...stored };
  });
}
