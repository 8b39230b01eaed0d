// Reading time: 265 words a minute for space-separated scripts (Medium's figure), and about
// 500 characters a minute for CJK text, where words are not separated by spaces.

const WORDS_PER_MINUTE = 265;
const CJK_CHARS_PER_MINUTE = 500;
const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/gu;

/** Minutes to read plain text, at least 1. */
export function readingMinutes(text: string): number {
  const cjkChars = text.match(CJK)?.length ?? 0;
  const rest = cjkChars ? text.replace(CJK, " ") : text;
  const words = rest.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  const minutes = words / WORDS_PER_MINUTE + cjkChars / CJK_CHARS_PER_MINUTE;
  return Math.max(1, Math.round(minutes));
}
