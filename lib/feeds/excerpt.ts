// Plain-text excerpts for lists and cards.

export const EXCERPT_MAX_CHARS = 500;

/** Cut text to at most `max` characters at a word boundary, adding "…" when cut. */
export function makeExcerpt(text: string, max = EXCERPT_MAX_CHARS): string {
  // Only the first `max` characters of the collapsed text can end up in the excerpt:
  // for long text, collapse a window of it rather than the whole (normalize calls this
  // on every entry's full text). The window's collapsed form is a prefix of the whole
  // text's, bar perhaps one trailing space; when it is too short to decide (long runs
  // of whitespace), fall back to the whole text.
  const window = 2 * max + 64;
  let t: string;
  if (text.length > window) {
    const head = text.slice(0, window).replace(/\s+/g, " ").trimStart();
    t = head.length >= max + 2 ? head : text.replace(/\s+/g, " ").trim();
  } else {
    t = text.replace(/\s+/g, " ").trim();
  }
  if (t.length <= max) return t;
  const room = max - 1; // leave space for the ellipsis
  let cut = t.slice(0, room + 1);
  const lastSpace = cut.lastIndexOf(" ");
  // No space in a reasonable window (CJK, one giant URL): cut mid-word rather than lose it all.
  cut = lastSpace > room * 0.5 ? cut.slice(0, lastSpace) : t.slice(0, room);
  return `${cut.replace(/[\s,.;:!?-]+$/u, "")}…`;
}
