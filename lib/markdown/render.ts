/**
 * The comment Markdown subset: paragraphs, emphasis, inline code, fenced code
 * blocks, links and block quotes. No raw HTML: every input character is escaped,
 * and the result goes through sanitize-html with an allow-list as a second lock,
 * so a bug in this small parser cannot become an XSS.
 */
import sanitizeHtml from "sanitize-html";
import { escapeHtml, renderInline } from "./inline";

const MAX_QUOTE_DEPTH = 5;

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "strong", "em", "code", "pre", "blockquote", "a"],
  allowedAttributes: { a: ["href", "rel"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "escape",
  // Whatever the parser produced, links leave with exactly these rel values.
  transformTags: { a: sanitizeHtml.simpleTransform("a", { rel: "nofollow ugc noopener" }) },
};

/** Normalizes what a browser submits: CRLF to LF, no NULs or other control characters but tab and newline. */
export function normalizeCommentText(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "");
}

function renderBlocks(text: string, depth: number): string {
  const lines = text.split("\n");
  const html: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) html.push(`<p>${renderInline(paragraph.join("\n").trim())}</p>`);
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*```/.test(line)) {
      flush();
      const code: string[] = [];
      i++;
      while (i < lines.length && !/^\s*```\s*$/.test(lines[i]!)) code.push(lines[i++]!);
      html.push(`<pre><code>${escapeHtml(code.join("\n"))}</code></pre>`);
    } else if (/^\s{0,3}>/.test(line) && depth < MAX_QUOTE_DEPTH) {
      flush();
      const quoted: string[] = [];
      while (i < lines.length && /^\s{0,3}>/.test(lines[i]!)) quoted.push(lines[i++]!.replace(/^\s{0,3}> ?/, ""));
      i--;
      html.push(`<blockquote>${renderBlocks(quoted.join("\n"), depth + 1)}</blockquote>`);
    } else if (line.trim() === "") {
      flush();
    } else {
      paragraph.push(line);
    }
  }
  flush();
  return html.join("\n");
}

/** Renders comment Markdown to sanitized HTML (links rel="nofollow ugc noopener"). */
export function renderCommentMarkdown(text: string): string {
  return sanitizeHtml(renderBlocks(normalizeCommentText(text), 0), SANITIZE);
}
