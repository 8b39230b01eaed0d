/**
 * The "also: The Verge, Wired +2" line under a story's lead. I/O-free, so the list
 * component stays a plain renderer and the rule is tested once.
 */
import type { StoryMember } from "../articles/types";

/** Sources named before the rest are counted as "+N". */
export const ALSO_NAMED_MAX = 3;

/** What the line shows: linked names (one per source, its best member) and how many sources more. */
export interface AlsoLine {
  named: StoryMember[];
  more: number;
}

/**
 * One entry per source other than the lead's own and those already credited for
 * carrying the same URL (`alsoOn`, shown beside the lead's source): members come
 * best first, so each source is named by its best article. Null when nothing is left.
 */
export function buildAlsoLine(members: StoryMember[], leadSourceSlug: string, alsoOn: string[] = [], max = ALSO_NAMED_MAX): AlsoLine | null {
  const seen = new Set<string>([leadSourceSlug]);
  const credited = new Set(alsoOn);
  const perSource: StoryMember[] = [];
  for (const m of members) {
    if (seen.has(m.source.slug) || credited.has(m.source.title)) continue;
    seen.add(m.source.slug);
    perSource.push(m);
  }
  if (perSource.length === 0) return null;
  return { named: perSource.slice(0, max), more: Math.max(0, perSource.length - max) };
}
