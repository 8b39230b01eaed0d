/**
 * ts_headline marks matches with sentinel characters (Unicode private-use
 * code points that never occur in feed text, which our normaliser strips), and
 * this splits them into segments React renders as <mark>. No HTML string is
 * ever built from article text, so a title containing "<script>" stays text.
 */

/** Start-of-match sentinel passed to ts_headline as StartSel. */
export const HIGHLIGHT_START = "\uE000";
/** End-of-match sentinel passed to ts_headline as StopSel. */
export const HIGHLIGHT_STOP = "\uE001";

export interface HighlightSegment {
  text: string;
  isMatch: boolean;
}

/** Splits sentinel-marked text into plain and matched segments (unbalanced markers are tolerated). */
export function splitHighlights(marked: string): HighlightSegment[] {
  const out: HighlightSegment[] = [];
  let isMatch = false;
  let buf = "";
  const flush = () => {
    if (buf) out.push({ text: buf, isMatch });
    buf = "";
  };
  for (const ch of marked) {
    if (ch === HIGHLIGHT_START) {
      flush();
      isMatch = true;
    } else if (ch === HIGHLIGHT_STOP) {
      flush();
      isMatch = false;
    } else {
      buf += ch;
    }
  }
  flush();
  return out;
}
