// Plain-text excerpts for lists and cards.

export const EXCERPT_MAX_CHARS = 500;

/** Cut text to at most `max` characters at a word boundary, adding "…" when cut. */
export function makeExcerpt(text: string, max = EXCERPT_MAX_CHARS): string {
  const t = text.replace(/\s+/g, " ").trim();
  if (t.length <= max) return t;
  const room = max - 1; // leave space for the ellipsis
  let cut = t.slice(0, room + 1);
  const lastSpace = cut.lastIndexOf(" ");
  // No space in a reasonable window (CJK, one giant URL): cut mid-word rather than lose it all.
  cut = lastSpace > room * 0.5 ? cut.slice(0, lastSpace) : t.slice(0, room);
  return `${cut.replace(/[\s,.;:!?-]+$/u, "")}…`;
}
