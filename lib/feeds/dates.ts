// Feed dates -> ISO 8601 UTC. Feeds write RFC 822 (RSS), W3CDTF/RFC 3339 (Atom, Dublin Core,
// JSON Feed) and a long tail of near misses: missing weekday or seconds, two-digit years,
// zone names (EST, CEST), military zones, "+05:30" in RFC 822, non-English month names.
// A date without any zone is taken as UTC (the only choice that does not depend on where the
// server runs). Unparseable dates give null, never an exception.

const MONTHS: Record<string, number> = {};
const MONTH_NAMES: string[][] = [
  ["jan", "january", "janvier", "januar", "enero", "gennaio", "janeiro", "jänner", "januari"],
  ["feb", "february", "février", "fevrier", "februar", "febrero", "febbraio", "fevereiro", "februari"],
  ["mar", "march", "mars", "märz", "marz", "marzo", "março", "maart", "maa"],
  ["apr", "april", "avril", "abril", "aprile"],
  ["may", "mai", "mayo", "maggio", "maio", "mei"],
  ["jun", "june", "juin", "juni", "junio", "giugno", "junho"],
  ["jul", "july", "juillet", "juli", "julio", "luglio", "julho"],
  ["aug", "august", "août", "aout", "agosto", "augustus"],
  ["sep", "sept", "september", "septembre", "septiembre", "settembre", "setembro"],
  ["oct", "october", "octobre", "oktober", "octubre", "ottobre", "outubro", "okt"],
  ["nov", "november", "novembre", "noviembre", "novembro"],
  ["dec", "december", "décembre", "decembre", "dezember", "diciembre", "dicembre", "dezembro", "dez"],
];
MONTH_NAMES.forEach((names, i) => names.forEach((n) => (MONTHS[n] = i)));
// Italian/other three-letter abbreviations that differ from English.
Object.assign(MONTHS, { gen: 0, mag: 4, giu: 5, lug: 6, ago: 7, set: 8, ott: 9, dic: 11, ene: 0, abr: 3, dic_: 11 });

/** Zone abbreviations -> offset minutes east of UTC. */
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, wet: 0, bst: 60, cet: 60, met: 60, cest: 120, mest: 120, eet: 120, eest: 180,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  akst: -540, akdt: -480, hst: -600, ast: -240, adt: -180, nzst: 720, nzdt: 780, jst: 540, ist: 330,
  aest: 600, aedt: 660, acst: 570, awst: 480, msk: 180,
};

function militaryZone(letter: string): number | null {
  const c = letter.toLowerCase();
  if (c === "z") return 0;
  if (c >= "a" && c <= "i") return (c.charCodeAt(0) - 96) * -60; // RFC 822 got the sign backwards; RFC 1123 says treat as 0, but most writers mean this
  if (c >= "k" && c <= "m") return (c.charCodeAt(0) - 97) * -60;
  if (c >= "n" && c <= "y") return (c.charCodeAt(0) - 109) * 60;
  return null;
}

function zoneOffset(zone: string | undefined): number | null {
  if (!zone) return 0;
  const z = zone.trim();
  if (!z) return 0;
  const num = /^(?:(?:gmt|utc|ut)\s*)?([+-])(\d{1,2}):?(\d{2})?$/i.exec(z);
  if (num) {
    const sign = num[1] === "-" ? -1 : 1;
    const hours = num[2] ?? "0";
    let h = Number(hours);
    let m = Number(num[3] ?? 0);
    if (num[3] === undefined && hours.length > 2) {
      h = Number(hours.slice(0, -2));
      m = Number(hours.slice(-2));
    }
    return sign * (h * 60 + m);
  }
  const named = ZONES[z.toLowerCase()];
  if (named !== undefined) return named;
  if (z.length === 1) return militaryZone(z);
  return null;
}

function build(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offsetMin: number): string | null {
  if (mo < 0 || mo > 11 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return null;
  const t = Date.UTC(y, mo, d, h, mi, Math.min(s, 59), ms) - offsetMin * 60_000;
  if (!Number.isFinite(t)) return null;
  return formatIso(new Date(t));
}

/** ISO 8601 UTC, milliseconds only when non-zero. */
export function formatIso(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith(".000Z") ? iso.slice(0, -5) + "Z" : iso;
}

function fixYear(y: string): number {
  const n = Number(y);
  if (y.length === 2) return n < 50 ? 2000 + n : 1900 + n;
  return n;
}

const W3C =
  /^(\d{4})(?:-?(\d{2})(?:-?(\d{2})(?:[T\s]+(\d{1,2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?|[A-Za-z]{1,5})?$/;

function parseW3c(s: string): string | null {
  const m = W3C.exec(s);
  if (!m) return null;
  const [, y = "", mo, d, h, mi, sec, frac, zone] = m;
  const off = zoneOffset(zone);
  if (off === null) return null;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  return build(Number(y), mo ? Number(mo) - 1 : 0, d ? Number(d) : 1, h ? Number(h) : 0, mi ? Number(mi) : 0, sec ? Number(sec) : 0, ms, off);
}

// [weekday,] day month year [time] [zone]; month as name; commas and dots tolerated.
const RFC822 =
  /^(?:[A-Za-z\u00C0-\u017F]+\.?,?\s*)?(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z\u00C0-\u017F]+)\.?,?[\s-]+(\d{2,4}),?(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(?:([A-Za-z]{1,5}|(?:gmt|utc)?\s*[+-]\d{1,2}:?\d{2})(?:\s*\(.*\))?)?$/i;

// weekday month day [time] year (asctime) or "Month day, year [time] [zone]".
const MONTH_FIRST =
  /^(?:[A-Za-z]+\.?,?\s+)?([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(?:(\d{1,2}):(\d{2})(?::(\d{2}))?\s+(\d{4})|(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?)\s*([A-Za-z]{1,5}|[+-]\d{2}:?\d{2})?$/;

function parseRfc822(s: string): string | null {
  const m = RFC822.exec(s);
  if (m) {
    const [, d = "", monName = "", y = "", h, mi, sec, zone] = m;
    const mo = MONTHS[monName.toLowerCase()];
    if (mo === undefined) return null;
    const off = zoneOffset(zone);
    if (off === null) return null;
    return build(fixYear(y), mo, Number(d), h ? Number(h) : 0, mi ? Number(mi) : 0, sec ? Number(sec) : 0, 0, off);
  }
  const f = MONTH_FIRST.exec(s);
  if (f) {
    const mo = MONTHS[(f[1] ?? "").toLowerCase()];
    if (mo === undefined) return null;
    const off = zoneOffset(f[12]);
    if (off === null) return null;
    if (f[6]) return build(Number(f[6]), mo, Number(f[2]), Number(f[3]), Number(f[4]), Number(f[5] ?? 0), 0, off);
    let h = f[8] ? Number(f[8]) : 0;
    if (f[11]) h = (h % 12) + (f[11].toLowerCase() === "pm" ? 12 : 0);
    return build(Number(f[7]), mo, Number(f[2]), h, f[9] ? Number(f[9]) : 0, f[10] ? Number(f[10]) : 0, 0, off);
  }
  return null;
}

/** Parse any feed date to ISO 8601 UTC, or null when it cannot be read. */
export function parseFeedDate(input: string | null | undefined): string | null {
  if (!input) return null;
  const s = input.trim().replace(/\s+/g, " ");
  if (!s || s.length > 100) return null;
  const out = /^\d{4}/.test(s) ? parseW3c(s) ?? parseW3c(s.replace(" ", "T")) : parseRfc822(s);
  if (out) return out;
  // Last resort: the JS engine's own reader (handles some odd but unambiguous forms).
  if (!/[+-]\d{2}:?\d{2}|gmt|utc|z\b/i.test(s)) return null;
  const t = Date.parse(s);
  return Number.isFinite(t) ? formatIso(new Date(t)) : null;
}
