/**
 * Inline Markdown for comments: `code`, [links](https://…), bare https:// links,
 * **strong** and *emphasis* / _emphasis_. Input is raw text; output is HTML in
 * which every character of the input is escaped except the markup we generate.
 */

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const MAX_URL_LENGTH = 2048;

/** The URL if it is an absolute http(s) or mailto link, else null (javascript:, data:, relative…). */
export function safeLinkUrl(raw: string): string | null {
  if (raw.length > MAX_URL_LENGTH) return null;
  // Checked on the parsed URL, so "JaVaScRiPt:", " javascript:" and tab-split schemes all fail.
  try {
    const url = new URL(raw);
    if (url.protocol !== "http:" && url.protocol !== "https:" && url.protocol !== "mailto:") return null;
    return url.href;
  } catch {
    return null;
  }
}

function link(href: string, textHtml: string): string {
  return `<a href="${escapeHtml(href)}" rel="nofollow ugc noopener">${textHtml}</a>`;
}

/** Emphasis on already-escaped text (the markers * and _ survive escaping unchanged). */
function emphasize(escaped: string): string {
  return escaped
    .replace(/\*\*(?=\S)([^*]*?\S)\*\*/g, "<strong>$1</strong>")
    .replace(/\*(?=\S)([^*]*?\S)\*/g, "<em>$1</em>")
    .replace(/(^|[^\w])_(?=\S)([^_]*?\S)_(?!\w)/g, "$1<em>$2</em>");
}

// Order matters: code spans win over everything, then explicit links, then bare URLs.
const TOKEN = /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)|\[([^\]\n]{1,500})\]\(([^()\s]{1,2048})\)|\bhttps?:\/\/[^\s<>"'`]+[^\s<>"'`.,;:!?)\]]/g;

/** Renders one paragraph's inline Markdown to HTML. */
export function renderInline(text: string): string {
  let out = "";
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    out += emphasize(escapeHtml(text.slice(last, m.index)));
    last = m.index + m[0].length;
    if (m[1] !== undefined) {
      out += `<code>${escapeHtml(m[2]!.trim() === "" ? m[2]! : m[2]!.replace(/^ (.*) $/s, "$1"))}</code>`;
    } else if (m[3] !== undefined) {
      const href = safeLinkUrl(m[4]!);
      const label = emphasize(escapeHtml(m[3]));
      // An unsafe target keeps its words and loses the link, so the reader still sees what was written.
      out += href ? link(href, label) : `${label} (${escapeHtml(m[4]!)})`;
    } else {
      const href = safeLinkUrl(m[0]);
      out += href ? link(href, escapeHtml(m[0])) : escapeHtml(m[0]);
    }
  }
  out += emphasize(escapeHtml(text.slice(last)));
  return out.replace(/\n/g, "<br />\n");
}
