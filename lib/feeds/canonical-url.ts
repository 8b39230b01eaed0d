// Canonical article URLs, used to recognise one story reached through two sources.
// Decision: tracking parameters are removed, the remaining query parameters keep their
// original order (some sites route on parameter order, and reordering could merge distinct
// pages); host lower-cased, default port, fragment and empty query dropped. Path case and
// trailing slashes are kept: servers treat them as different resources.

const TRACKING_EXACT = new Set([
  "ref", "ref_src", "ref_url", "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "twclid", "mc_cid", "mc_eid",
  "igshid", "igsh", "_hsenc", "_hsmi", "__hstc", "__hssc", "__hsfp", "hsctatracking", "mkt_tok", "oly_anon_id",
  "oly_enc_id", "vero_id", "vero_conv", "wickedid", "rb_clickid", "s_cid", "spm", "cmpid", "_ga", "_gl", "ncid",
  "sr_share", "at_medium", "at_campaign", "share", "smid", "cmp",
]);

/** The longest URL our url columns hold (VARCHAR(2048)). A longer one is dropped, not cut: a cut URL points elsewhere. */
export const MAX_URL_CHARS = 2048;

/**
 * `raw` resolved against `base`, when it is an http(s) URL that fits MAX_URL_CHARS; else null.
 * Every feed-supplied URL we store (article links and images, a source's site link and image)
 * passes here: we render them as links and images, and a feed may write javascript:, data:
 * or file: URLs.
 */
export function toHttpUrl(raw: string | null | undefined, base?: string | null): URL | null {
  if (!raw) return null;
  let u: URL;
  try {
    u = new URL(raw.trim(), base ?? undefined);
  } catch {
    return null;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return null;
  return u.href.length > MAX_URL_CHARS ? null : u;
}

function isTrackingParam(name: string): boolean {
  const n = name.toLowerCase();
  return n.startsWith("utm_") || n.startsWith("pk_") || n.startsWith("mtm_") || TRACKING_EXACT.has(n);
}

/**
 * Canonical form of an http(s) URL, or null when it is not an absolute http(s) URL.
 * Takes the URL as text, or already parsed (it is not modified).
 */
export function canonicalizeUrl(raw: string | URL | null | undefined): string | null {
  if (!raw) return null;
  let u: URL;
  try {
    u = typeof raw === "string" ? new URL(raw.trim()) : raw;
  } catch {
    return null;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return null;
  // Most article links have no query, fragment or credentials: nothing to remove.
  // URL already lower-cases the host and drops default ports (:80 for http, :443 for https).
  if (!u.username && !u.password && !u.href.includes("?") && !u.href.includes("#")) return u.href;
  if (u === raw) u = new URL(u.href);
  u.hash = "";
  u.username = "";
  u.password = "";
  const kept = [...u.searchParams].filter(([name]) => !isTrackingParam(name));
  u.search = "";
  for (const [name, value] of kept) u.searchParams.append(name, value);
  return u.href;
}
