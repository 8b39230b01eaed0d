// Reading time: 265 words a minute for space-separated scripts (Medium's figure), and about
// 500 characters a minute for CJK text, where words are not separated by spaces.
//
// One pass over the text, no regex per word: normalize runs this on every entry of every
// poll. A word is a run of characters between whitespace (JavaScript's \s) or CJK
// characters that holds at least one letter or digit (\p{L}, \p{N}).

const WORDS_PER_MINUTE = 265;
const CJK_CHARS_PER_MINUTE = 500;

const WHITESPACE = 1;
const ALNUM = 2;
const OTHER = 3;
/** Class of each BMP character, filled in as characters are first seen (0 = not yet). */
const bmpClass = new Uint8Array(0x10000);
const WS_RE = /\s/;
const ALNUM_RE = /[\p{L}\p{N}]/u;

function classify(ch: string): number {
  return WS_RE.test(ch) ? WHITESPACE : ALNUM_RE.test(ch) ? ALNUM : OTHER;
}

function isCjk(c: number): boolean {
  return (
    (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0xf900 && c <= 0xfaff) || (c >= 0xac00 && c <= 0xd7af)
  );
}

/** Minutes to read plain text, at least 1. */
export function readingMinutes(text: string): number {
  let words = 0;
  let cjkChars = 0;
  let inWord = false;
  let wordHasAlnum = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let cls: number;
    if (c < 0x80) {
      cls = c === 32 || (c >= 9 && c <= 13) ? WHITESPACE
        : (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? ALNUM : OTHER;
    } else if (isCjk(c)) {
      cjkChars++;
      cls = WHITESPACE; // CJK characters are counted apart and separate words
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cls = classify(text.slice(i, i + 2)); // an astral character: rare, classified directly
        i++;
      } else cls = OTHER;
    } else {
      cls = bmpClass[c] || (bmpClass[c] = classify(String.fromCharCode(c)));
    }
    if (cls === WHITESPACE) {
      if (inWord && wordHasAlnum) words++;
      inWord = false;
      wordHasAlnum = false;
    } else {
      inWord = true;
      if (cls === ALNUM) wordHasAlnum = true;
    }
  }
  if (inWord && wordHasAlnum) words++;
  const minutes = words / WORDS_PER_MINUTE + cjkChars / CJK_CHARS_PER_MINUTE;
  return Math.max(1, Math.round(minutes));
}
