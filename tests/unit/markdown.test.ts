import { describe, expect, it } from "vitest";
import { renderCommentMarkdown } from "../../lib/markdown/render";

describe("comment Markdown", () => {
  it.each([
    ["paragraphs", "one\n\ntwo", "<p>one</p>\n<p>two</p>"],
    ["line breaks", "a\nb", "<p>a<br />\nb</p>"],
    ["emphasis", "*em* **strong** _em_", "<p><em>em</em> <strong>strong</strong> <em>em</em></p>"],
    ["snake_case stays", "snake_case_name", "<p>snake_case_name</p>"],
    ["inline code keeps markup literal", "`<b>*x*</b>`", "<p><code>&lt;b&gt;*x*&lt;/b&gt;</code></p>"],
    ["fenced code", "```\nif (a < b) {}\n```", "<pre><code>if (a &lt; b) {}</code></pre>"],
    ["quotes", "> quoted\n> text\n\nafter", "<blockquote><p>quoted<br />\ntext</p></blockquote>\n<p>after</p>"],
    ["nested quote", "> > deep", "<blockquote><blockquote><p>deep</p></blockquote></blockquote>"],
    [
      "links get rel=nofollow ugc noopener",
      "[site](https://example.org/a?b=1&c=2)",
      '<p><a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">site</a></p>',
    ],
    ["bare links", "see https://example.org/x.", '<p>see <a href="https://example.org/x" rel="nofollow ugc noopener">https://example.org/x</a>.</p>'],
  ])("%s", (_name, input, html) => {
    expect(renderCommentMarkdown(input)).toBe(html);
  });
});

describe("comment Markdown against hostile input", () => {
  const hostile = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<a href="#" onclick="alert(1)">x</a>',
    "<svg onload=alert(1)><script>alert(1)</script></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert`1`)",
    "[click](java\tscript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&#x6A;avascript:alert(1)",
    "[x](&#x6A;avascript:alert(1))",
    "<iframe src=javascript:alert(1)>",
    '<div style="background:url(javascript:alert(1))">',
    "`</code><script>alert(1)</script>`",
    "```\n</code></pre><script>alert(1)</script>\n```",
    "> <script>alert(1)</script>",
    '[a](https://ok.example/"onmouseover="alert(1))',
    "<!--<script>alert(1)//-->",
  ];

  it.each(hostile)("renders %j inert", (input) => {
    const html = renderCommentMarkdown(input);
    // No element other than our allow-list, no event handler attribute, no script URL.
    const tags = [...html.matchAll(/<\s*([a-z0-9]+)/gi)].map((m) => m[1]!.toLowerCase());
    expect(tags.every((t) => ["p", "br", "strong", "em", "code", "pre", "blockquote", "a"].includes(t))).toBe(true);
    expect(html).not.toMatch(/<[^>]*\son\w+\s*=/i);
    expect(html).not.toMatch(/<[a-z][^>]*\shref\s*=\s*"(?!https?:|mailto:)/i);
    expect(html).not.toMatch(/<script|<svg|<img|<iframe|<style/i);
  });

  it("keeps the words of an unsafe link visible", () => {
    expect(renderCommentMarkdown("[click](data:text/html,hi)")).toBe("<p>click (data:text/html,hi)</p>");
  });

  it("keeps entities as text rather than decoding them into markup", () => {
    expect(renderCommentMarkdown("&lt;b&gt;")).toBe("<p>&amp;lt;b&amp;gt;</p>");
  });
});
