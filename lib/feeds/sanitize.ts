// Feed HTML is hostile by default: it is rendered inside our pages, on our origin. This is an
// allowlist: anything not listed (script, style, iframe, object/embed, form controls, svg/math,
// event handlers, style attributes, unknown schemes) is dropped. data: URLs are refused even
// for images: they can carry SVG with script, and feeds have no good reason to inline images.
import sanitizeHtml from "sanitize-html";
import { Parser } from "htmlparser2";

const ALLOWED_TAGS = [
  "a", "abbr", "acronym", "address", "article", "aside", "b", "bdi", "bdo", "big", "blockquote", "br", "caption",
  "center", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption",
  "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "ins", "kbd", "li", "mark",
  "ol", "p", "picture", "pre", "q", "rp", "rt", "ruby", "s", "samp", "section", "small", "source", "span", "strike",
  "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul",
  "var", "wbr", "audio", "video", "track",
];

const URL_ATTRS = new Set(["href", "src", "poster", "cite", "srcset"]);

const OPTIONS_BASE: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: {
    a: ["href", "title", "rel", "target"],
    img: ["src", "srcset", "alt", "title", "width", "height", "loading"],
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
    abbr: ["title"],
    acronym: ["title"],
    "*": ["lang", "dir"],
  },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ["href", "src", "cite", "poster", "srcset"],
  allowProtocolRelative: true,
  // Drop the whole body of these, not just the tags (their text is code, not content).
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "iframe", "object", "embed", "svg", "math", "template", "title", "head"],
  disallowedTagsMode: "discard",
  parseStyleAttributes: false,
};

function absolutize(value: string, base: string | null): string {
  const v = value.trim();
  if (!v) return v;
  try {
    return new URL(v, base ?? undefined).href;
  } catch {
    return v; // left relative; the scheme allowlist still applies
  }
}

function absolutizeSrcset(value: string, base: string | null): string {
  return value
    .split(",")
    .map((part) => {
      const [url, ...rest] = part.trim().split(/\s+/);
      return url ? [absolutize(url, base), ...rest].join(" ") : "";
    })
    .filter(Boolean)
    .join(", ");
}

/** Sanitize feed HTML with our allowlist; relative URLs are resolved against `baseUrl`. */
export function sanitizeFeedHtml(html: string, baseUrl: string | null): string {
  if (!html) return "";
  const options: sanitizeHtml.IOptions = {
    ...OPTIONS_BASE,
    transformTags: {
      "*": (tagName, attribs) => {
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(attribs)) {
          if (!URL_ATTRS.has(k)) out[k] = v;
          else out[k] = k === "srcset" ? absolutizeSrcset(v, baseUrl) : absolutize(v, baseUrl);
        }
        if (tagName === "a") {
          out.rel = "noopener noreferrer nofollow";
          if (out.target) out.target = "_blank";
        }
        return { tagName, attribs: out };
      },
    },
  };
  return sanitizeHtml(html, options).trim();
}

const SKIP_TEXT = new Set(["script", "style", "noscript", "template"]);
const BLOCK = new Set([
  "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "blockquote", "pre",
  "figure", "figcaption", "section", "article", "hr", "dd", "dt", "dl",
]);

/** Plain text of HTML: tags and script/style bodies dropped, entities decoded, blocks spaced, whitespace collapsed. */
export function htmlToPlainText(html: string): string {
  if (!html) return "";
  if (!/[<&]/.test(html)) return html.replace(/\s+/g, " ").trim();
  const out: string[] = [];
  let skip = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIP_TEXT.has(name)) skip++;
        if (BLOCK.has(name)) out.push(" ");
      },
      onclosetag(name) {
        if (SKIP_TEXT.has(name) && skip) skip--;
        if (BLOCK.has(name)) out.push(" ");
      },
      ontext(text) {
        if (!skip) out.push(text);
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return out.join("").replace(/\s+/g, " ").trim();
}

/** Escape plain text for inclusion in HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Does the string look like HTML markup or contain entity references? */
export function looksLikeHtml(s: string): boolean {
  return /<\/?[a-zA-Z][^>]*>|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);/.test(s);
}
