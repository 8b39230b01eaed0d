// A lenient XML tree for feeds, built on htmlparser2's tokenizer in XML mode (scan-markup.ts).
//
// Why not a validating XML parser: a third of real feeds are not well-formed (HTML entities,
// unclosed tags, stray ampersands) and readers still expect them to work. Why this is safe:
// the tokenizer never reads a DTD. `<!DOCTYPE ... [<!ENTITY ...>]>` is skipped as a
// declaration, so user-defined entities (billion laughs) stay literal text and external
// entities (SYSTEM "file:///etc/passwd") are never resolved. We decode only the fixed set of
// XML/HTML named and numeric references ourselves.
import { decodeHTMLStrict } from "entities";
import { scanMarkup } from "./scan-markup";

export type XmlChild = XmlElement | string;

export interface XmlElement {
  /** Qualified name as written, e.g. "content:encoded". */
  name: string;
  local: string;
  /** local, lower-cased: feeds in the wild vary the case of core element names. */
  lname: string;
  /** Resolved namespace URI ("" when none). */
  ns: string;
  /** Namespace family of `ns`, filled in lazily by parse-common's element lookup. */
  fam?: string;
  attrs: Record<string, string>;
  children: XmlChild[];
  parent: XmlElement | null;
  /** Effective xml:base (absolute when resolvable), inherited from ancestors / the document URL. */
  base: string | null;
  /** Effective xml:lang, inherited. */
  lang: string | null;
  /** False when the document ended before this element's end tag (truncated input). */
  closed: boolean;
}

/** Namespace URIs that feeds use without declaring the prefix (common in the wild). */
const WELL_KNOWN_PREFIXES: Record<string, string> = {
  dc: "http://purl.org/dc/elements/1.1/",
  dcterms: "http://purl.org/dc/terms/",
  content: "http://purl.org/rss/1.0/modules/content/",
  media: "http://search.yahoo.com/mrss/",
  itunes: "http://www.itunes.com/dtds/podcast-1.0.dtd",
  atom: "http://www.w3.org/2005/Atom",
  rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  xhtml: "http://www.w3.org/1999/xhtml",
  feedburner: "http://rssnamespace.org/feedburner/ext/1.0",
  xml: "http://www.w3.org/XML/1998/namespace",
};

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Resolve `ref` against `base`. An absolute URL is returned as written (trimmed): publishers'
 * spelling is kept, canonicalisation is normalize's job. A relative ref without a usable base
 * is returned as written too, so nothing the feed said is lost.
 */
export function resolveUrl(ref: string, base: string | null): string | null {
  const trimmed = ref.trim();
  if (!trimmed) return base;
  if (HAS_SCHEME.test(trimmed) || !base) return trimmed;
  try {
    const href = new URL(trimmed, base).href;
    // Keep IRIs readable: resolution percent-encodes non-ASCII characters the feed wrote plainly.
    if (/[^\x00-\x7f]/.test(trimmed)) {
      try {
        return decodeURI(href);
      } catch {
        return href;
      }
    }
    return href;
  } catch {
    return trimmed;
  }
}

function decodeText(raw: string): string {
  if (raw.indexOf("&") === -1) return raw;
  // HTML4's angle brackets (what feed publishers meant) rather than HTML5's mathematical ones.
  return decodeHTMLStrict(raw.replace(/&lang;/g, "\u2329").replace(/&rang;/g, "\u232A"));
}

/**
 * Elements nested deeper than this are flattened into their ancestor (their text is kept):
 * real feeds nest a few dozen levels at most, and the tree walkers recurse.
 */
const MAX_DEPTH = 256;

export interface XmlDocument {
  root: XmlElement | null;
  /** The document ended with elements still open. */
  truncated: boolean;
}

/** How far down the open-element stack a close tag may look for its match. */
const CLOSE_SEARCH_LIMIT = 64;

/** Tokenize `text` into a tree; never throws on malformed markup. */
export function parseXmlTree(text: string, documentUrl: string | null): XmlDocument {
  let root: XmlElement | null = null;
  const stack: XmlElement[] = [];
  // Prefix -> URI scopes, one per open element (empty when it declares none).
  const scopes: Array<Record<string, string> | null> = [];
  let skippedDepth = 0;
  let rootClosed = false;

  const lookup = (prefix: string): string => {
    for (let i = scopes.length - 1; i >= 0; i--) {
      const uri = scopes[i]?.[prefix];
      if (uri !== undefined) return uri;
    }
    return prefix ? (WELL_KNOWN_PREFIXES[prefix.toLowerCase()] ?? `urn:x-prefix:${prefix}`) : "";
  };

  scanMarkup(
    text,
    {
      open(name, rawAttrs) {
        if (rootClosed) return; // content after the root element: ignored
        if (stack.length >= MAX_DEPTH) {
          skippedDepth++;
          return;
        }
        const current = stack[stack.length - 1] ?? null;
        const attrs: Record<string, string> = {};
        let scope: Record<string, string> | null = null;
        for (const key in rawAttrs) {
          const value = decodeText(rawAttrs[key] ?? "");
          attrs[key] = value;
          if (key === "xmlns" || key.startsWith("xmlns:")) (scope ??= {})[key === "xmlns" ? "" : key.slice(6)] = value.trim();
        }
        scopes.push(scope);
        const colon = name.indexOf(":");
        const prefix = colon > 0 ? name.slice(0, colon) : "";
        const local = colon > 0 ? name.slice(colon + 1) : name;
        const parentBase = current ? current.base : documentUrl;
        const xmlBase = attrs["xml:base"];
        const el: XmlElement = {
          name,
          local,
          lname: local.toLowerCase(),
          ns: lookup(prefix),
          attrs,
          children: [],
          parent: current,
          base: xmlBase !== undefined ? (resolveUrl(xmlBase, parentBase) ?? parentBase) : parentBase,
          lang: attrs["xml:lang"] !== undefined ? attrs["xml:lang"].trim() || null : current ? current.lang : null,
          closed: false,
        };
        if (current) current.children.push(el);
        else root = el;
        stack.push(el);
      },
      close(name) {
        if (skippedDepth > 0) {
          skippedDepth--;
          return;
        }
        // Close the nearest open element with this name, implicitly closing any left open
        // inside it; a close tag matching nothing nearby is ignored.
        const limit = Math.max(0, stack.length - CLOSE_SEARCH_LIMIT);
        for (let i = stack.length - 1; i >= limit; i--) {
          if (stack[i]?.name !== name) continue;
          while (stack.length > i) {
            const el = stack.pop()!;
            scopes.pop();
            el.closed = true;
          }
          if (i === 0) rootClosed = true;
          return;
        }
      },
      text(data, isCdata) {
        const current = stack[stack.length - 1];
        if (!current) return; // text outside the root, e.g. the tail of a skipped DOCTYPE subset
        const value = isCdata ? data : decodeText(data);
        const kids = current.children;
        const last = kids.length - 1;
        if (last >= 0 && typeof kids[last] === "string") kids[last] = (kids[last] as string) + value;
        else kids.push(value);
      },
    },
    { xmlMode: true },
  );
  // A root end tag that is itself cut short ("</rss" at EOF) still means the document is complete.
  const finalRoot = root as XmlElement | null;
  return { root, truncated: finalRoot !== null && !rootClosed && !text.includes(`</${finalRoot.name}`, text.length - 4096) };
}

/** Child elements, optionally filtered by local name. */
export function childElements(el: XmlElement, local?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) if (typeof c !== "string" && (local === undefined || c.local === local)) out.push(c);
  return out;
}

/** Concatenated text of all descendants (markup dropped). */
export function textOf(el: XmlElement): string {
  let out = "";
  for (const c of el.children) out += typeof c === "string" ? c : textOf(c);
  return out;
}

/** Does the element contain child elements (naked markup rather than escaped text)? */
export function hasChildElements(el: XmlElement): boolean {
  return el.children.some((c) => typeof c !== "string");
}

function escapeText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, "&quot;");
}

/** Serialize the children as HTML markup (prefixes dropped: <xhtml:p> becomes <p>). */
export function innerMarkup(el: XmlElement): string {
  let out = "";
  for (const c of el.children) {
    if (typeof c === "string") {
      out += escapeText(c);
      continue;
    }
    let attrs = "";
    for (const [k, v] of Object.entries(c.attrs)) {
      if (k === "xmlns" || k.startsWith("xmlns:") || k.startsWith("xml:")) continue;
      attrs += ` ${k.includes(":") ? k.slice(k.indexOf(":") + 1) : k}="${escapeAttr(v)}"`;
    }
    out += `<${c.local}${attrs}>${innerMarkup(c)}</${c.local}>`;
  }
  return out;
}
