// Entry keys: what makes "the same entry" across polls of one source. The guid/id is the
// publisher's own identity; without one, the link; without both, a hash of what the entry
// says. Repeated keys inside one document (buggy generators reuse guids) get "#2", "#3"... in
// document order, so every entry is kept and re-polling the same document yields the same keys.
import { createHash } from "node:crypto";

/** articles."entryKey" is VARCHAR(512): a longer key made Postgres refuse the whole poll, so it is hashed. */
const MAX_KEY_CHARS = 512;

/** `key` itself when it fits the column, else its hash (stable across polls). */
function fitting(key: string): string {
  return key.length > MAX_KEY_CHARS ? `sha256:${sha256(key)}` : key;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The base key of one entry: guid, else link, else "sha256:" + hash of title and content. */
export function baseEntryKey(e: { id: string | null; link: string | null; title: string | null; content: string | null; summary: string | null }): string {
  const id = e.id?.trim();
  if (id) return fitting(id);
  const link = e.link?.trim();
  if (link) return fitting(link);
  return `sha256:${sha256(`${e.title ?? ""}\u0000${e.content ?? e.summary ?? ""}`)}`;
}

/** Make keys unique within one document, suffixing repeats deterministically ("key#2"). */
export function uniquifyKeys(keys: string[]): string[] {
  const seen = new Map<string, number>();
  const taken = new Set(keys);
  return keys.map((key) => {
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n === 1) return key;
    let candidate = fitting(`${key}#${n}`);
    // A document could literally contain "x" and "x#2"; keep walking until free.
    for (let k = n; taken.has(candidate); k++) candidate = fitting(`${key}#${k + 1}`);
    taken.add(candidate);
    return candidate;
  });
}
