/**
 * The fixture server's built-in routes: well-behaved samples, HTTP statuses and
 * hostile servers/documents. Each route's comment says what a client must do.
 *
 *   /feeds/site.xml              small valid RSS 2.0 (SAMPLE_RSS), with validators
 *   /feeds/site.atom             small valid Atom 1.0 (SAMPLE_ATOM)
 *   /feeds/site.json             small valid JSON Feed 1.1 (SAMPLE_JSON_FEED)
 *   /html-with-feed-link         HTML page whose <link rel="alternate"> points at /feeds/site.xml (relative)
 *   /html-without-feed           HTML page with no feed link
 *   /status/304                  always 304, even without validators
 *   /status/429                  429 with Retry-After: 120
 *   /status/503                  503 with Retry-After as an HTTP date 90 s ahead
 *   /status/410, /status/500, /status/404
 *   /redirect?to=URL             302 to any URL (test redirect re-checks)
 *   /hostile/gzip-bomb           ~1 MiB of gzip inflating to 1 GiB of zeros
 *   /hostile/brotli-bomb         brotli inflating to 256 MiB of zeros; /hostile/deflate-bomb the same in zlib deflate
 *   /hostile/endless             200 with a body that never ends (64 KiB chunks)
 *   /hostile/trickle             200, then one byte a second, forever
 *   /hostile/redirect-loop       302 to itself
 *   /hostile/redirect-metadata   302 to http://169.254.169.254/latest/meta-data/
 *   /hostile/redirect-chain/N    N redirects, then SAMPLE_RSS (chain/5 is allowed, chain/6 is not)
 *   /hostile/billion-laughs      RSS with an XML entity-expansion bomb in its DOCTYPE
 *   /hostile/xxe                 RSS with an external entity pointing at file:///etc/passwd
 *   /hostile/invalid-bytes       RSS declared UTF-8 holding invalid UTF-8 sequences
 *   /hostile/repeated-guids      RSS with three items sharing one guid
 *   /hostile/encoding-layers/N   SAMPLE_RSS gzipped N times, each layer listed in Content-Encoding
 *                                (at most two layers are decoded: 3 is an error for that source)
 *   /hostile/unsafe-links.xml    RSS whose channel, item and image links use javascript:, data: and file:
 *   /hostile/unsafe-links.json   JSON Feed whose home page, item and image URLs use javascript:, data: and file:
 *   /hostile/nul.json            JSON Feed whose strings carry \u0000 (Postgres text cannot hold NUL)
 *   /hostile/nul.xml             RSS with &#0; and &#x0; character references in its text
 */
import zlib from "node:zlib";
import type { FixtureServer } from "./fixture-server";

export const SAMPLE_RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Fixture Site</title><link>http://fixture.example/</link><description>A small feed</description>
<item><title>First post</title><link>http://fixture.example/1</link><guid>fixture-1</guid><pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate><description>One</description></item>
<item><title>Second post</title><link>http://fixture.example/2</link><guid>fixture-2</guid><pubDate>Tue, 03 Nov 2026 10:00:00 GMT</pubDate><description>Two</description></item>
</channel></rss>
`;

export const SAMPLE_ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Fixture Atom</title><id>urn:fixture:atom</id><updated>2026-11-03T10:00:00Z</updated>
<entry><title>Atom entry</title><id>urn:fixture:atom:1</id><link href="http://fixture.example/a1"/><updated>2026-11-03T10:00:00Z</updated></entry>
</feed>
`;

export const SAMPLE_JSON_FEED = JSON.stringify({
  version: "https://jsonfeed.org/version/1.1",
  title: "Fixture JSON",
  items: [{ id: "j1", url: "http://fixture.example/j1", content_text: "Hello" }],
});

export const BILLION_LAUGHS = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Laughs &lol9;</title><link>http://fixture.example/</link><description>bomb</description>
<item><title>&lol9;</title><guid>laugh-1</guid><description>&lol9;</description></item>
</channel></rss>
`;

export const XXE = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE rss [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<rss version="2.0"><channel><title>XXE</title><link>http://fixture.example/</link><description>xxe</description>
<item><title>Secret: &xxe;</title><guid>xxe-1</guid><description>&xxe;</description></item>
</channel></rss>
`;

export const INVALID_BYTES = Buffer.concat([
  Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Bad bytes `),
  Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]), // lone 0xff/0xfe, bad continuation, truncated 3-byte sequence
  Buffer.from(`</title><link>http://fixture.example/</link><description>d</description>
<item><title>Caf\u00e9 `),
  Buffer.from([0xa0, 0x80]),
  Buffer.from(` ok</title><guid>bytes-1</guid></item>
</channel></rss>
`),
]);

export const REPEATED_GUIDS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Repeated guids</title><link>http://fixture.example/</link><description>d</description>
<item><title>Alpha</title><link>http://fixture.example/alpha</link><guid isPermaLink="false">same</guid><description>A</description></item>
<item><title>Beta</title><link>http://fixture.example/beta</link><guid isPermaLink="false">same</guid><description>B</description></item>
<item><title>Gamma</title><link>http://fixture.example/gamma</link><guid isPermaLink="false">same</guid><description>C</description></item>
</channel></rss>
`;

export const UNSAFE_LINKS_RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
<title>Unsafe links</title><link>javascript:alert(document.cookie)</link><description>d</description>
<image><url>data:image/svg+xml,&lt;svg onload=alert(1)&gt;</url><title>i</title><link>javascript:alert(1)</link></image>
<item><title>Script link</title><link>javascript:alert(1)</link><guid isPermaLink="false">u1</guid><media:thumbnail url="file:///etc/passwd"/><description>One</description></item>
<item><title>Good link</title><link>https://unsafe.example/2</link><guid isPermaLink="false">u2</guid><media:thumbnail url="data:image/png;base64,AAAA"/><description>Two</description></item>
<item><title>Good image</title><link>https://unsafe.example/3</link><guid isPermaLink="false">u3</guid><media:thumbnail url="https://unsafe.example/3.png"/><description>Three</description></item>
</channel></rss>
`;

export const UNSAFE_LINKS_JSON_FEED = JSON.stringify({
  version: "https://jsonfeed.org/version/1.1",
  title: "Unsafe JSON",
  home_page_url: "data:text/html,<script>alert(1)</script>",
  icon: "javascript:alert(1)",
  items: [
    { id: "j1", url: "file:///etc/passwd", image: "javascript:alert(1)", content_text: "One" },
    { id: "j2", url: "https://unsafe.example/j2", image: "https://unsafe.example/j2.png", content_text: "Two" },
  ],
});

// JSON.stringify writes U+0000 as the escape \u0000, as a publisher's JSON encoder would.
export const NUL_JSON_FEED = JSON.stringify({
  version: "https://jsonfeed.org/version/1.1",
  title: "NUL\u0000 feed",
  description: "has\u0000 NULs",
  home_page_url: "https://nul.example/",
  items: [
    { id: "n1", url: "https://nul.example/1", title: "Before", content_text: "Clean item" },
    {
      id: "n2\u0000",
      url: "https://nul.example/2",
      title: "Ti\u0000tle",
      content_html: "<p>Bo\u0000dy</p>",
      summary: "Sum\u0000mary",
      authors: [{ name: "Au\u0000thor" }],
      tags: ["ta\u0000g", "\u0000"],
      date_published: "2026-11-02T10:00:00Z",
    },
    { id: "n3", url: "https://nul.example/3", title: "After", content_text: "Plain\u0000 text" },
  ],
});

export const NUL_RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>NUL&#0; refs</title><link>https://nul.example/</link><description>d&#x0;</description>
<item><title>Ti&#0;tle</title><link>https://nul.example/x1</link><guid>x1&#0;</guid><author>a&#x00;b</author><category>c&#0;d</category><description>&lt;p&gt;Bo&amp;#0;dy&lt;/p&gt;</description></item>
<item><title>After</title><link>https://nul.example/x2</link><guid>x2</guid><description>Clean</description></item>
</channel></rss>
`;

/** Inflated size of /hostile/gzip-bomb. */
export const GZIP_BOMB_INFLATED_BYTES = 1024 * 1024 * 1024;

let bomb: Buffer | undefined;
/** 64 gzip members of 16 MiB of zeros each; gunzip reads concatenated members as one stream. */
function gzipBomb(): Buffer {
  if (!bomb) {
    const member = zlib.gzipSync(Buffer.alloc(16 * 1024 * 1024), { level: 9 });
    bomb = Buffer.concat(Array.from({ length: GZIP_BOMB_INFLATED_BYTES / (16 * 1024 * 1024) }, () => member));
  }
  return bomb;
}

/** Inflated size of /hostile/brotli-bomb and /hostile/deflate-bomb. */
export const STREAM_BOMB_INFLATED_BYTES = 256 * 1024 * 1024;

const streamBombs = new Map<string, Promise<Buffer>>();
/** Compresses STREAM_BOMB_INFLATED_BYTES of zeros in 1 MiB writes, so building it never holds the inflated size. */
function streamBomb(coding: "br" | "deflate"): Promise<Buffer> {
  let bombPromise = streamBombs.get(coding);
  if (!bombPromise) {
    bombPromise = new Promise<Buffer>((resolve, reject) => {
      const z =
        coding === "br"
          ? zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } })
          : zlib.createDeflate({ level: 1 }); // level 1: 4x faster to build, still ~230:1
      const out: Buffer[] = [];
      z.on("data", (d: Buffer) => out.push(d));
      z.on("end", () => resolve(Buffer.concat(out)));
      z.on("error", reject);
      const zeros = Buffer.alloc(1024 * 1024);
      let left = STREAM_BOMB_INFLATED_BYTES / zeros.length;
      const pump = () => {
        while (left > 0) {
          left--;
          if (!z.write(zeros)) return void z.once("drain", pump);
        }
        z.end();
      };
      pump();
    });
    streamBombs.set(coding, bombPromise);
  }
  return bombPromise;
}

const HTML_WITH_LINK = `<!doctype html><html><head><title>Fixture Site Home</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="Fixture Site feed" href="feeds/site.xml">
</head><body><h1>Hello</h1></body></html>`;

const HTML_WITHOUT_LINK = `<!doctype html><html><head><title>No feed here</title></head><body><p>Nothing to subscribe to.</p></body></html>`;

/** Writes `chunk` until the client goes away, respecting backpressure. */
function writeForever(res: import("node:http").ServerResponse, chunk: Buffer): void {
  const pump = () => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once("drain", pump);
  };
  pump();
}

/** Registers the built-in routes on a fixture server (called by startFixtureServer). */
export function installBuiltinRoutes(fx: FixtureServer): void {
  fx.serveBody("/feeds/site.xml", SAMPLE_RSS);
  fx.serveBody("/feeds/site.atom", SAMPLE_ATOM);
  fx.serveBody("/feeds/site.json", SAMPLE_JSON_FEED);
  fx.serveBody("/html-with-feed-link", HTML_WITH_LINK, { contentType: "text/html; charset=utf-8" });
  fx.serveBody("/html-without-feed", HTML_WITHOUT_LINK, { contentType: "text/html; charset=utf-8" });

  const status = (code: number, headers: Record<string, string> = {}) => (_req: unknown, res: import("node:http").ServerResponse) => {
    res.writeHead(code, { "content-type": "text/plain", ...headers });
    res.end(code === 304 ? undefined : `status ${code}`);
  };
  fx.route("/status/304", status(304, { etag: '"fixture-304"' }));
  fx.route("/status/429", status(429, { "retry-after": "120" }));
  fx.route("/status/503", (req, res) => status(503, { "retry-after": new Date(Date.now() + 90_000).toUTCString() })(req, res));
  fx.route("/status/410", status(410));
  fx.route("/status/500", status(500));
  fx.route("/status/404", status(404));
  fx.route("/redirect", (_req, res, { query }) => {
    res.writeHead(302, { location: query.get("to") ?? "/" });
    res.end();
  });

  fx.route("/hostile/gzip-bomb", (_req, res) => {
    const body = gzipBomb();
    res.writeHead(200, { "content-type": "application/rss+xml", "content-encoding": "gzip", "content-length": String(body.length) });
    res.end(body);
  });
  for (const coding of ["br", "deflate"] as const) {
    fx.route(`/hostile/${coding === "br" ? "brotli" : coding}-bomb`, async (_req, res) => {
      const body = await streamBomb(coding);
      res.writeHead(200, { "content-type": "application/rss+xml", "content-encoding": coding, "content-length": String(body.length) });
      res.end(body);
    });
  }
  fx.route("/hostile/endless", (_req, res) => {
    res.writeHead(200, { "content-type": "application/rss+xml" });
    res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>');
    writeForever(res, Buffer.alloc(64 * 1024, "a"));
  });
  fx.route("/hostile/trickle", (_req, res) => {
    res.writeHead(200, { "content-type": "application/rss+xml" });
    res.flushHeaders();
    const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write("<")), 1000);
    res.on("close", () => clearInterval(timer));
  });
  fx.route("/hostile/redirect-loop", status(302, { location: "/hostile/redirect-loop" }));
  fx.route("/hostile/redirect-metadata", status(302, { location: "http://169.254.169.254/latest/meta-data/" }));
  fx.serveBody("/hostile/billion-laughs", BILLION_LAUGHS);
  fx.serveBody("/hostile/xxe", XXE);
  fx.serveBody("/hostile/invalid-bytes", INVALID_BYTES);
  fx.serveBody("/hostile/repeated-guids", REPEATED_GUIDS);
  fx.serveBody("/hostile/unsafe-links.xml", UNSAFE_LINKS_RSS, { validators: false });
  fx.serveBody("/hostile/unsafe-links.json", UNSAFE_LINKS_JSON_FEED, { validators: false, contentType: "application/feed+json" });
  fx.serveBody("/hostile/nul.json", NUL_JSON_FEED, { validators: false, contentType: "application/feed+json" });
  fx.serveBody("/hostile/nul.xml", NUL_RSS, { validators: false });
  for (let n = 1; n <= 4; n++) {
    let body = Buffer.from(SAMPLE_RSS);
    for (let i = 0; i < n; i++) body = zlib.gzipSync(body);
    fx.route(`/hostile/encoding-layers/${n}`, (_req, res) => {
      res.writeHead(200, { "content-type": "application/rss+xml", "content-encoding": Array(n).fill("gzip").join(", ") });
      res.end(body);
    });
  }
  // Registered per N on first use would need a prefix router; N up to 20 covers every test.
  for (let n = 0; n <= 20; n++) {
    fx.route(`/hostile/redirect-chain/${n}`, (req, res) => {
      if (n === 0) {
        res.writeHead(200, { "content-type": "application/rss+xml" });
        res.end(SAMPLE_RSS);
        return;
      }
      status(302, { location: `/hostile/redirect-chain/${n - 1}` })(req, res);
    });
  }
}
