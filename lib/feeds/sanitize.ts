// Feed HTML is hostile by default: it is rendered inside our pages, on our origin.
//
// This is an allowlist sanitizer that re-serializes: htmlparser2 tokenizes the input the way
// an HTML parser would, and we write out only allowed tags and attributes, with every text
// and attribute value escaped by us. So what the browser parses is exactly what we emit; no
// markup from the feed survives verbatim. Dropped: script/style/iframe/object/embed/form
// controls and their bodies, event handlers, style/class/id attributes, and any URL whose
// scheme is not http(s) (or mailto: for links). data: URLs are refused even for images: they
// can carry SVG with script, and feeds have no good reason to inline images.
//
// Why not sanitize-html (which lib/markdown uses): on deeply nested input it is quadratic
// (200,000 nested <b> in one description took 79 s when we measured), a denial of service from
// one hostile feed; and its per-call option setup dominated parse time on small bodies.
import { decodeHTML, decodeHTMLAttribute } from "entities";
import { scanMarkup } from "./scan-markup";

const ALLOWED_TAGS = new Set([
  "a", "abbr", "acronym", "address", "article", "aside", "b", "bdi", "bdo", "big", "blockquote", "br", "caption",
  "center", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption",
  "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "ins", "kbd", "li", "mark",
  "ol", "p", "picture", "pre", "q", "rp", "rt", "ruby", "s", "samp", "section", "small", "source", "span", "strike",
  "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul",
  "var", "wbr", "audio", "video", "track",
]);

/** Elements whose whole body is dropped: code, not content (or content we cannot render safely). */
const DROP_CONTENT = new Set([
  "script", "style", "textarea", "select", "option", "noscript", "iframe", "frame", "frameset", "object", "embed",
  "applet", "template", "title", "head", "noembed", "noframes", "xmp", "plaintext",
]);

const VOID = new Set(["br", "hr", "img", "wbr", "source", "track", "col", "input", "meta", "link", "base", "area", "param", "embed", "keygen"]);

const GLOBAL_ATTRS = ["lang", "dir", "title"];
const ALLOWED_ATTRS: Record<string, string[]> = {
  a: ["href"],
  img: ["src", "srcset", "alt", "width", "height"],
  source: ["src", "srcset", "type", "media", "sizes"],
  audio: ["src", "controls", "preload"],
  video: ["src", "poster", "controls", "preload", "width", "height"],
  track: ["src", "kind", "srclang", "label"],
  blockquote: ["cite"],
  q: ["cite"],
  del: ["cite", "datetime"],
  ins: ["cite", "datetime"],
  time: ["datetime"],
  td: ["colspan", "rowspan", "align"],
  th: ["colspan", "rowspan", "align", "scope"],
  ol: ["start", "reversed", "type"],
  col: ["span"],
  colgroup: ["span"],
};
const URL_ATTRS = new Set(["href", "src", "poster", "cite"]);
const LINK_REL = "noopener noreferrer nofollow";
/** Tags nested deeper than this are unwrapped (text kept): bounds output and browser work. */
const MAX_DEPTH = 100;

/** Absolute http(s) (or mailto: for links) URL, or null when the value must be dropped. */
function safeUrl(value: string, base: string | null, allowMailto: boolean): string | null {
  const v = value.trim();
  if (!v) return null;
  let u: URL;
  try {
    // The WHATWG parser strips tabs/newlines and decodes the scheme as a browser would, so
    // "java\tscript:" and friends are seen for what they are.
    u = new URL(v, base ?? undefined);
  } catch {
    return null; // relative without a base, or unparseable: a browser would resolve it against our page
  }
  if (!(u.protocol === "http:" || u.protocol === "https:" || (allowMailto && u.protocol === "mailto:"))) return null;
  if (!/[^\x00-\x7f]/.test(v)) return u.href;
  // Keep IRIs as readable as the publisher wrote them; the output is escaped either way.
  try {
    return decodeURI(u.href);
  } catch {
    return u.href;
  }
}

function safeSrcset(value: string, base: string | null): string | null {
  const parts: string[] = [];
  for (const part of value.split(",")) {
    const [url, ...descriptor] = part.trim().split(/\s+/);
    const safe = url ? safeUrl(url, base, false) : null;
    if (safe) parts.push([safe, ...descriptor.filter((d) => /^\d+(\.\d+)?[wx]$/.test(d))].join(" "));
  }
  return parts.length ? parts.join(", ") : null;
}

const escapeText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, "&quot;");

function renderAttrs(tag: string, attrs: Record<string, string>, base: string | null): string | null {
  let out = "";
  const allowed = ALLOWED_ATTRS[tag] ?? [];
  for (const name of [...allowed, ...GLOBAL_ATTRS]) {
    const raw = attrs[name];
    if (raw === undefined) continue;
    let value: string | null = raw;
    if (URL_ATTRS.has(name)) value = safeUrl(raw, base, tag === "a" && name === "href");
    else if (name === "srcset") value = safeSrcset(raw, base);
    else if (name === "width" || name === "height" || name === "colspan" || name === "rowspan" || name === "span" || name === "start")
      value = /^\s*\d{1,5}%?\s*$/.test(raw) ? raw.trim() : null;
    if (value === null) continue;
    out += ` ${name}="${escapeAttr(value)}"`;
  }
  if (tag === "img" && !/ src="/.test(out) && !/ srcset="/.test(out)) return null; // an image without a safe source is nothing
  if (tag === "a") out += ` rel="${LINK_REL}"`;
  return out;
}

/** How far down the open-element stack a close tag may look for its match. */
const CLOSE_SEARCH_LIMIT = 64;

/**
 * Plain text of recent sanitizeFeedHtml outputs, collected while sanitizing: normalize
 * needs the text of every body it stores, and tokenizing the sanitized HTML a second
 * time cost about a third of normalizing. The text is exactly what htmlToPlainText
 * computes from that output (tests/unit/feeds/sanitize.test.ts checks it over the
 * corpus), so the memo can only save work. Bounded: cleared when full.
 */
const plainTextMemo = new Map<string, string>();
const PLAIN_TEXT_MEMO_MAX = 4096;

/** Sanitize feed HTML with our allowlist; relative URLs are resolved against `baseUrl`. */
export function sanitizeFeedHtml(html: string, baseUrl: string | null): string {
  if (!html) return "";
  const out: string[] = [];
  // The plain text of what we emit, as htmlToPlainText would read it back: the text of
  // emitted regions, and a space for each emitted block-level tag, open or close.
  const text: string[] = [];
  // One entry per open non-void tag: its name, what we emitted for it (null = unwrapped), and
  // whether it opened a dropped region. Closing pops to the matching name, so output balances.
  const stack: Array<{ name: string; emitted: boolean; drops: boolean }> = [];
  let dropDepth = 0;
  let emittedDepth = 0;
  scanMarkup(
    html,
    {
      open(name, rawAttrs) {
        const isVoid = VOID.has(name);
        if (dropDepth > 0 || DROP_CONTENT.has(name)) {
          if (!isVoid) {
            dropDepth++;
            stack.push({ name, emitted: false, drops: true });
          }
          return;
        }
        let emitted = false;
        if (ALLOWED_TAGS.has(name) && emittedDepth < MAX_DEPTH) {
          const attrs: Record<string, string> = {};
          for (const k in rawAttrs) attrs[k] = decodeHTMLAttribute(rawAttrs[k] ?? "");
          const rendered = renderAttrs(name, attrs, baseUrl);
          if (rendered !== null) {
            out.push(`<${name}${rendered}>`);
            if (BLOCK.has(name)) text.push(" ");
            emitted = true;
          }
        }
        if (isVoid) return;
        if (emitted) emittedDepth++;
        stack.push({ name, emitted, drops: false });
      },
      close(name) {
        if (VOID.has(name)) return;
        const limit = Math.max(0, stack.length - CLOSE_SEARCH_LIMIT);
        let i = stack.length - 1;
        while (i >= limit && stack[i]?.name !== name) i--;
        if (i < limit) return; // stray close tag
        while (stack.length > i) {
          const entry = stack.pop()!;
          if (entry.drops) dropDepth--;
          else if (entry.emitted) {
            out.push(`</${entry.name}>`);
            if (BLOCK.has(entry.name)) text.push(" ");
            emittedDepth--;
          }
        }
      },
      text(data, isCdata) {
        if (dropDepth !== 0) return;
        const decoded = isCdata ? data : decodeHTML(data);
        out.push(escapeText(decoded));
        text.push(decoded);
      },
    },
    { xmlMode: false },
  );
  // Close whatever the input left open, innermost first.
  for (let i = stack.length - 1; i >= 0; i--) {
    const entry = stack[i]!;
    if (!entry.emitted) continue;
    out.push(`</${entry.name}>`);
    if (BLOCK.has(entry.name)) text.push(" ");
  }
  const result = out.join("").trim();
  if (result) {
    if (plainTextMemo.size >= PLAIN_TEXT_MEMO_MAX) plainTextMemo.clear();
    plainTextMemo.set(result, text.join("").replace(/\s+/g, " ").trim());
  }
  return result;
}

const SKIP_TEXT = new Set(["script", "style", "noscript", "template"]);
const BLOCK = new Set([
  "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "blockquote", "pre",
  "figure", "figcaption", "section", "article", "hr", "dd", "dt", "dl",
]);

/** Plain text of HTML: tags and script/style bodies dropped, entities decoded, blocks spaced, whitespace collapsed. */
export function htmlToPlainText(html: string): string {
  return plainTextMemo.get(html) ?? htmlToPlainTextUncached(html);
}

/** htmlToPlainText without the memo of sanitized outputs (exported for the test that checks the memo). */
export function htmlToPlainTextUncached(html: string): string {
  if (!html) return "";
  if (!/[<&]/.test(html)) return html.replace(/\s+/g, " ").trim();
  const out: string[] = [];
  let skip = 0;
  scanMarkup(
    html,
    {
      open(name, _attrs, selfClosing) {
        if (SKIP_TEXT.has(name) && !selfClosing) skip++;
        if (BLOCK.has(name)) out.push(" ");
      },
      close(name) {
        if (SKIP_TEXT.has(name) && skip) skip--;
        if (BLOCK.has(name)) out.push(" ");
      },
      text(data, isCdata) {
        if (!skip) out.push(isCdata ? data : decodeHTML(data));
      },
    },
    { xmlMode: false },
  );
  return out.join("").replace(/\s+/g, " ").trim();
}

/** Escape plain text for inclusion in HTML. */
export function escapeHtml(text: string): string {
  return escapeAttr(text);
}

/** Does the string look like HTML markup or contain entity references? */
export function looksLikeHtml(s: string): boolean {
  return /<\/?[a-zA-Z][^>]*>|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);/.test(s);
}
