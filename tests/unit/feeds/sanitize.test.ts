import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { htmlToPlainText, htmlToPlainTextUncached, sanitizeFeedHtml } from "../../../lib/feeds/sanitize";
import { parseFeed } from "../../../lib/feeds/parse";
import { CORPUS_DIR } from "../../helpers/corpus";

const BASE = "https://example.com/blog/post.html";
const clean = (html: string) => sanitizeFeedHtml(html, BASE);

describe("sanitizeFeedHtml", () => {
  it.each([
    ["script element and body", `<p>a<script>alert(1)</script>b</p>`, `<p>ab</p>`],
    ["uppercase script", `<SCRIPT>alert(1)</SCRIPT>ok`, `ok`],
    ["event handler", `<img src="/i.png" onerror="alert(1)">`, `<img src="https://example.com/i.png">`],
    ["javascript: link", `<a href="javascript:alert(1)">x</a>`, `<a rel="noopener noreferrer nofollow">x</a>`],
    ["entity-encoded javascript:", `<a href="&#106;avascript:alert(1)">x</a>`, `<a rel="noopener noreferrer nofollow">x</a>`],
    ["tab inside the scheme", `<a href="java&#x09;script:alert(1)">x</a>`, `<a rel="noopener noreferrer nofollow">x</a>`],
    ["leading space and case", `<a href=" JaVaScRiPt:alert(1)">x</a>`, `<a rel="noopener noreferrer nofollow">x</a>`],
    ["vbscript:", `<a href="vbscript:msgbox(1)">x</a>`, `<a rel="noopener noreferrer nofollow">x</a>`],
    ["data: image refused", `<img src="data:image/svg+xml;base64,PHN2Zz4=">`, ``],
    ["svg with script", `<svg onload="alert(1)"><script>alert(1)</script><text>t</text></svg>`, `t`],
    ["iframe and its body", `<iframe src="https://evil.test/">fallback</iframe>after`, `after`],
    ["style element", `<style>body{display:none}</style>text`, `text`],
    ["inline style attribute", `<p style="position:fixed">x</p>`, `<p>x</p>`],
    ["form controls", `<form action="https://evil.test/"><input name="a"><button>go</button></form>`, `go`],
    ["object/embed", `<object data="x.swf"><embed src="x.swf"></object>ok`, `ok`],
    ["class and id dropped", `<div class="c" id="main">x</div>`, `<div>x</div>`],
    ["links get rel, target dropped", `<a href="/x" target="_top" rel="opener">x</a>`, `<a href="https://example.com/x" rel="noopener noreferrer nofollow">x</a>`],
    ["relative URLs absolutized", `<img src="pic.png" srcset="a.png 1x, b.png 2x">`, `<img src="https://example.com/blog/pic.png" srcset="https://example.com/blog/a.png 1x, https://example.com/blog/b.png 2x">`],
    ["mailto kept on links", `<a href="mailto:a@example.com">m</a>`, `<a href="mailto:a@example.com" rel="noopener noreferrer nofollow">m</a>`],
    ["text is re-escaped", `&lt;script&gt;alert(1)&lt;/script&gt;`, `&lt;script&gt;alert(1)&lt;/script&gt;`],
    ["attribute quotes cannot break out", `<img src="/a.png" alt='x" onerror="alert(1)'>`, `<img src="https://example.com/a.png" alt="x&quot; onerror=&quot;alert(1)">`],
    ["unclosed tags are closed", `<p><b>bold <i>it`, `<p><b>bold <i>it</i></b></p>`],
    ["comments and CDATA tricks", `<!-- <script>alert(1)</script> -->ok`, `ok`],
    ["noscript body dropped", `<noscript><img src=x onerror=alert(1)></noscript>ok`, `ok`],
    ["meta refresh dropped", `<meta http-equiv="refresh" content="0;url=javascript:alert(1)">ok`, `ok`],
    ["base tag dropped", `<base href="https://evil.test/"><a href="/x">x</a>`, `<a href="https://example.com/x" rel="noopener noreferrer nofollow">x</a>`],
  ])("%s", (_name, input, want) => {
    expect(clean(input)).toBe(want);
  });

  it("keeps relative URLs out when there is no base to resolve them against", () => {
    expect(sanitizeFeedHtml(`<a href="/x">x</a><img src="y.png">`, null)).toBe(`<a rel="noopener noreferrer nofollow">x</a>`);
  });

  // A quadratic path here would blow the per-test timeout (a hang guard, not a timing assertion).
  it("caps nesting on deeply nested input", { timeout: 30_000 }, () => {
    const out = sanitizeFeedHtml("<b>".repeat(100_000) + "deep", BASE);
    expect(out).toContain("deep");
    expect(out.match(/<b>/g)?.length).toBeLessThanOrEqual(100);
  });
});

describe("htmlToPlainText", () => {
  it.each([
    ["<p>a</p><p>b</p>", "a b"],
    ["x<script>var a = '<p>';</script>y<style>p{}</style>z", "xyz"],
    ["caf&eacute; &amp; &#8220;quotes&#x201D; &nbsp;end", "café & “quotes” end"],
    ["line<br>break", "line break"],
    ["  lots \n\n of   space ", "lots of space"],
    ["<b>in</b>line", "inline"],
    ["plain text", "plain text"],
  ])("%s -> %s", (input, want) => {
    expect(htmlToPlainText(input)).toBe(want);
  });
});

describe("the plain text collected while sanitizing", () => {
  // htmlToPlainText answers from a memo filled by sanitizeFeedHtml; the memo must hold
  // exactly what tokenizing the sanitized output gives.
  const agrees = (input: string) => {
    const out = sanitizeFeedHtml(input, BASE);
    expect(htmlToPlainText(out), JSON.stringify(input)).toBe(htmlToPlainTextUncached(out));
  };

  it("agrees with tokenizing the output on awkward markup", () => {
    for (const input of [
      `<p>a</p><p>b</p>`, `a<br>b<br/>c<hr>d`, `<div/>x<div/>`, `<ul><li>one<li>two</ul>`, `<p><b>bold <i>it`,
      `<table><tr><td>1</td><td>2</td></tr></table>`, `<span>in</span>line`, `<section><article>s</article></section>`,
      `<script>x</script>visible<style>y</style>`, `<unknown>kept text</unknown>`, `&amp;lt;b&amp;gt; &lt;b&gt; &#0; &nbsp;`,
      `<![CDATA[<b>not markup</b>]]>`, `<p>${"<div>".repeat(150)}deep${"</div>".repeat(150)}</p>`, `</p>stray close<p>`,
      `<pre>  spaced\n\ttext  </pre>`, `<img src="/a.png" alt="pic">caption`, `<iframe>drop</iframe><p>keep</p>`,
      `  leading and trailing  `, `<h1>T</h1>text<h2>U</h2>`, `<textarea><p>raw</p></textarea>after`,
    ]) agrees(input);
  });

  it("agrees with tokenizing the output on every body in the corpus", { timeout: 120_000 }, () => {
    const root = path.join(CORPUS_DIR, "feeds");
    let bodies = 0;
    for (const file of readdirSync(root, { recursive: true, withFileTypes: true })) {
      if (!file.isFile()) continue;
      let parsed;
      try {
        parsed = parseFeed(readFileSync(path.join(file.parentPath, file.name)), { url: "https://example.com/feed" });
      } catch {
        continue; // not a feed: nothing sanitized
      }
      for (const item of parsed.items) {
        for (const html of [item.content, item.summary]) {
          if (!html) continue;
          bodies++;
          expect(htmlToPlainText(html), file.name).toBe(htmlToPlainTextUncached(html));
        }
      }
    }
    expect(bodies).toBeGreaterThan(2000);
  });
});
