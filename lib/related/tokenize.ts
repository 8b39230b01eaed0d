/**
 * Turning a headline or excerpt into the terms related-coverage scoring compares.
 * I/O-free. Two outlets rarely share phrasing, so what matters is that inflections
 * of one word meet ("unveils", "unveiled", "unveiling" -> "unveil") and that product
 * names with digits stay whole ("GPT-5" -> "gpt5", not "gpt" + "5").
 */

// Function words plus the vocabulary of news writing itself ("says", "report",
// "announces"): they appear in every story, so sharing them says nothing.
// Compared after lowercasing and before stemming.
const STOPWORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being below
  between both but by can could did do does doing down during each few for from further had has have having
  he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on
  once only or other our ours out over own same she should so some such than that the their theirs them then
  there these they this those through to too under until up very was we were what when where which while who
  whom why will with would you your yours via amid per vs versus like get gets got here's what's it's
  new news say says said saying report reports reported according announce announces announced announcing
  today yesterday tomorrow week weeks month months year years day days time now just still first one two
  three make makes made take takes took big biggest latest update updates updated could may might must
  want wants look looks looking inside behind know need needs way ways thing things mr ms
  here's there's that's who's don't doesn't can't won't isn't aren't`.split(/\s+/).filter(Boolean),
);

/** True when `word` (lowercase, unstemmed) carries no topic. */
export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

const VOWEL = /[aeiouy]/;

/**
 * A light suffix stripper, not Porter: enough that a headline's "acquires" meets an
 * excerpt's "acquired" and "acquiring". Both sides of every comparison go through it,
 * so an odd stem ("acquir") is harmless as long as it is consistent.
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith("ies") || w.endsWith("ied")) w = `${w.slice(0, -3)}y`;
  else if ((w.endsWith("ing") && w.length > 5) || (w.endsWith("ed") && w.length > 4)) {
    const base = w.slice(0, w.endsWith("ing") ? -3 : -2);
    if (VOWEL.test(base)) {
      // "stopped" -> "stopp" -> "stop"; keep ff/ll/ss/zz ("called" -> "call").
      w = /([^aeiouyflsz])\1$/.test(base) ? base.slice(0, -1) : base;
    }
  } else if (/(ss|x|ch|sh|zz)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  // "release"/"released" both end as "releas".
  if (w.length > 3 && w.endsWith("e")) w = w.slice(0, -1);
  return w;
}

// Words repeat across a window's articles; stemming each once per process saves
// most of tokenizing's time. Cleared when full rather than LRU: simpler, and a
// refill costs a few milliseconds.
const STEM_CACHE_MAX = 100_000;
const stemCache = new Map<string, string>();

function cachedStem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    if (stemCache.size >= STEM_CACHE_MAX) stemCache.clear();
    s = stem(word);
    stemCache.set(word, s);
  }
  return s;
}

// A capitalised name followed by a small number is a product or version ("Llama 5",
// "Switch 2", "Pixel 11"); not a percentage or a decimal ("35%", "2.5").
const VERSIONED_NAME = /\b([A-Z][A-Za-z]+) (\d{1,2})\b(?!\s?%|[.,]\d)/g;

/**
 * Lowercased, stopword-free, stemmed terms of `text`, in order (repeats kept, so the
 * caller can count them). Diacritics are folded, possessives dropped, and a hyphen
 * between letters and digits closes up ("covid-19" -> "covid19"). A versioned name
 * ("Llama 5") also yields the joined term ("llama5") after the ordinary terms.
 */
export function tokenize(text: string): string[] {
  const out = tokenizeWords(text);
  for (const m of text.normalize("NFKD").matchAll(VERSIONED_NAME)) {
    if (!isStopword(m[1]!.toLowerCase())) out.push(`${m[1]!.toLowerCase()}${m[2]}`);
  }
  return out;
}

function tokenizeWords(text: string): string[] {
  const folded = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[\u2019\u2018`]/g, "'")
    .replace(/'s\b|s'(?=\s|$)/g, (m) => (m === "'s" ? "" : "s"))
    .replace(/([a-z])-(?=\d)|(\d)-(?=[a-z])/g, "$1$2");
  const out: string[] = [];
  for (const raw of folded.split(/[^a-z0-9.']+/)) {
    const word = raw.replace(/^[.']+|[.']+$/g, "");
    if (word.length < 2 || isStopword(word)) continue;
    // Bare numbers ("5", "2026", "10.5") are weak evidence: keep only the ones
    // long enough to be distinctive figures, not years.
    if (/^[\d.]+$/.test(word) && (word.length < 3 || /^(19|20)\d\d$/.test(word))) continue;
    const stemmed = cachedStem(word.replace(/'/g, ""));
    if (stemmed.length >= 2) out.push(stemmed);
  }
  return out;
}
