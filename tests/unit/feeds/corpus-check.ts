// A TypeScript port of the corpus's reference checker (neutral_check.py in the corpus's upstream tools/):
// the same keys, the same text rendering and instant comparison. Used by the conformance test
// and by tests/bench/parsers.ts, so every parser candidate is scored by one set of rules.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Parser } from "htmlparser2";
import { CORPUS_DIR, REPO_ROOT } from "../../helpers/corpus";

export { CORPUS_DIR, REPO_ROOT };

export interface CorpusCase {
  id: string;
  source_repo: string;
  file: string;
  format: string;
  expect: Record<string, unknown>;
  document_url?: string;
  http_headers?: Record<string, string>;
  lenient?: boolean;
}

/** The parser-neutral shape the checker reads (see neutral_check.py's docstring). */
export interface Neutral {
  feed?: Record<string, unknown>;
  items?: Array<Record<string, unknown>>;
  error?: string | null;
  crashed?: string | null;
}

export function loadCases(): CorpusCase[] {
  return readFileSync(path.join(CORPUS_DIR, "cases.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CorpusCase);
}

/** One HTTP header the case was served with (case-insensitive name), or null. */
export function headerOf(c: CorpusCase, name: string): string | null {
  for (const [k, v] of Object.entries(c.http_headers ?? {})) if (k.toLowerCase() === name) return v;
  return null;
}

const normWs = (s: string) => s.replace(/\s+/g, " ").trim();

const SKIP = new Set(["script", "style"]);
const BLOCK = new Set(["p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "blockquote", "pre", "figure", "figcaption", "section", "article", "hr", "dd", "dt", "dl"]);

export function htmlToText(s: string): string {
  const out: string[] = [];
  let skip = 0;
  const p = new Parser(
    {
      onopentag: (n) => { if (SKIP.has(n)) skip++; if (BLOCK.has(n)) out.push(" "); },
      onclosetag: (n) => { if (SKIP.has(n) && skip) skip--; if (BLOCK.has(n)) out.push(" "); },
      ontext: (t) => { if (!skip) out.push(t); },
    },
    { decodeEntities: true },
  );
  p.end(s);
  return normWs(out.join(""));
}

const URL_ATTRS = new Set(["href", "src", "poster", "cite", "background", "longdesc", "usemap", "action"]);
function htmlUrls(s: string): string[] {
  const urls: string[] = [];
  const p = new Parser({ onopentag: (_n, attrs) => { for (const [k, v] of Object.entries(attrs)) if (URL_ATTRS.has(k) && v) urls.push(v.trim()); } }, { decodeEntities: true });
  p.end(s);
  return urls;
}

const looksLikeHtml = (s: string) => /<\/?[a-zA-Z][^>]*>|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);/.test(s);

export function isoNorm(s: unknown): string | null {
  if (typeof s !== "string" || !s) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})$/.exec(s.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, sec, , tz] = m;
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec ?? 0));
  if (tz && tz !== "Z") {
    const sign = tz[0] === "+" ? 1 : -1;
    const digits = tz.slice(1).replace(":", "");
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return new Date(t).toISOString().slice(0, 19) + "Z";
}

function text(v: unknown, isHtml: boolean): string | null {
  if (typeof v !== "string") return null;
  return isHtml ? htmlToText(v) : normWs(v);
}

export type Check = [key: string, ok: boolean, detail: string];

function checkField(obj: Record<string, unknown>, field: string, want: unknown): [boolean, string] {
  const w = want as Record<string, unknown>;
  if (field === "published" || field === "updated") {
    const got = isoNorm(obj[field]);
    return [got === isoNorm(want), `got ${got}`];
  }
  if (field === "title") {
    const got = text(obj.title, Boolean(obj.title_is_html));
    return [got !== null && normWs(got) === normWs(String(want)), `got ${JSON.stringify(got)}`];
  }
  if (field === "description" && typeof want === "string") {
    const got = text(obj.description, Boolean(obj.description_is_html));
    return [got !== null && normWs(got) === normWs(want), `got ${JSON.stringify(got)}`];
  }
  if (field === "image_url") {
    const got = [...((obj.image_urls as string[]) ?? []), ...(obj.image_url ? [obj.image_url as string] : [])];
    return [got.includes(String(want)), `got ${JSON.stringify(got)}`];
  }
  if ((field === "link" || field === "id" || field === "language") && typeof want === "string") {
    const got = obj[field];
    return [typeof got === "string" && got.trim() === want.trim(), `got ${JSON.stringify(got)}`];
  }
  if (field === "enclosure_url") {
    const got = ((obj.enclosure_urls as string[]) ?? []).map((g) => g.trim());
    return [got.includes(String(want)), `got ${JSON.stringify(got)}`];
  }
  if (field === "categories") {
    const got = ((obj.categories as string[]) ?? []).map(normWs);
    return [got.includes(normWs(String(w.includes))), `got ${JSON.stringify(got)}`];
  }
  if (field === "author") {
    const got = (obj.author as string[]) ?? [];
    const joined = got.map((g) => (looksLikeHtml(g) ? htmlToText(g) : g)).join(" | ");
    return [normWs(joined).includes(normWs(String(w.contains))), `got ${JSON.stringify(joined)}`];
  }
  if (["summary", "content", "content_or_summary", "description"].includes(field)) {
    let texts: Array<[unknown, boolean]>;
    if (field === "content_or_summary") texts = [[obj.content, obj.content_is_html !== false], [obj.summary, obj.summary_is_html !== false]];
    else if (field === "description") texts = [[obj.description, Boolean(obj.description_is_html)]];
    else texts = [[obj[field], obj[`${field}_is_html`] !== false]];
    const present = texts.filter(([v]) => typeof v === "string" && v) as Array<[string, boolean]>;
    if (!present.length) return [false, "field empty"];
    let ok = true;
    const details: string[] = [];
    if (w.contains !== undefined) {
      const c = normWs(String(w.contains));
      const hit = present.some(([v, h]) => (text(v, h) ?? "").includes(c));
      ok &&= hit;
      if (!hit) details.push(`text ${JSON.stringify((text(present[0]![0], present[0]![1]) ?? "").slice(0, 200))}`);
    }
    for (const u of (w.has_urls as string[]) ?? []) {
      const hit = present.some(([v, h]) => h && htmlUrls(v).includes(u));
      ok &&= hit;
      if (!hit) details.push(`url ${u} missing`);
    }
    for (const sub of (w.all_of as unknown[]) ?? []) {
      const [o2, d2] = checkField(obj, field, sub);
      ok &&= o2;
      if (!o2) details.push(d2);
    }
    return [ok, details.join("; ")];
  }
  return [false, "unsupported field/value"];
}

/** Check one case against a neutral parse result: a list of [key, ok, detail]. */
export function checkCase(c: CorpusCase, n: Neutral): Check[] {
  const exp = c.expect;
  const out: Check[] = [];
  const err = n.error;
  if (exp.should_reject) return [["should_reject", Boolean(err), err ?? "parsed without error"]];
  if (exp.must_not_crash) out.push(["must_not_crash", !n.crashed, n.crashed ?? ""]);
  if (err && !exp.must_not_crash) out.push(["parse", false, err]);
  for (const [key, want] of Object.entries(exp)) {
    if (key === "must_not_crash" || key === "should_reject") continue;
    if (key === "item_count") {
      const got = n.items?.length ?? 0;
      out.push([key, got === want, `got ${got}`]);
      continue;
    }
    const m = /^(feed|items\[(\d+)\])\.([a-z_]+)$/.exec(key);
    if (!m) {
      out.push([key, false, "unknown key"]);
      continue;
    }
    let obj: Record<string, unknown>;
    if (m[1] === "feed") obj = n.feed ?? {};
    else {
      const item = n.items?.[Number(m[2])];
      if (!item) {
        out.push([key, false, `no item ${m[2]}`]);
        continue;
      }
      obj = item;
    }
    const [ok, detail] = checkField(obj, m[3]!, want);
    out.push([key, ok, detail]);
  }
  return out;
}
