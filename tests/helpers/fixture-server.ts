/**
 * A loopback HTTP server for feed tests and benchmarks (127.0.0.1, random port).
 *
 *   const fx = await startFixtureServer();
 *   fx.serveFile("/feed.xml", "tests/fixtures/x.xml");      // ETag + Last-Modified, 304 on match
 *   fx.serveDir("/real", REAL_FEEDS_DIR); // /real/<rel> and /real/~<alias>/<rel>
 *   fx.route("/custom", (req, res) => res.end("hi"));       // anything else
 *   await fetchFeed(fx.url("/feed.xml"), { allowCidrs: "127.0.0.1/32" });
 *   fx.hits("/feed.xml"); fx.lastRequest("/feed.xml")?.headers; await fx.close();
 *
 * Files are read once and kept in memory (keyed by file path), so serving one file
 * under thousands of alias URLs costs no disk reads. Built-in hostile and status
 * routes are listed in hostile-routes.ts. Requests are counted per path (no query).
 */
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import zlib from "node:zlib";
import { installBuiltinRoutes } from "./hostile-routes";

export type Handler = (req: IncomingMessage, res: ServerResponse, ctx: { path: string; query: URLSearchParams }) => void | Promise<void>;

export interface ServeOptions {
  /** Send ETag/Last-Modified and answer conditional requests with 304 (default true). */
  validators?: boolean;
  /** Content-Type; default guessed from the extension (.json feed+json, else application/rss+xml...). */
  contentType?: string;
  /** Compress the body with this Content-Encoding (regardless of Accept-Encoding, to test decoders). */
  encoding?: "gzip" | "deflate" | "deflate-raw" | "br";
  /** Rewrites the bytes per request, e.g. to make aliases' item links distinct. Not cached. */
  transform?: (body: Buffer, ctx: { path: string; alias: string | null; relPath: string }) => Buffer | string;
  /** Fixed Last-Modified (default: the file's mtime). */
  lastModified?: Date;
}

export interface FixtureServer {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  origin: string;
  url(path: string): string;
  route(path: string, handler: Handler): void;
  serveFile(path: string, filePath: string, opts?: ServeOptions): void;
  /** Serves every file under dir at prefix/<rel> and prefix/~<alias>/<rel>; returns the relative paths. */
  serveDir(prefix: string, dir: string, opts?: ServeOptions): string[];
  /** Serves fixed bytes like a file (validators, encodings, 304). */
  serveBody(path: string, body: Buffer | string, opts?: ServeOptions): void;
  hits(path: string): number;
  lastRequest(path: string): { headers: IncomingMessage["headers"] } | undefined;
  resetHits(): void;
  close(): Promise<void>;
}

const fileCache = new Map<string, { body: Buffer; mtime: Date }>();

function readCached(filePath: string): { body: Buffer; mtime: Date } {
  const abs = path.resolve(filePath);
  let hit = fileCache.get(abs);
  if (!hit) {
    hit = { body: readFileSync(abs), mtime: statSync(abs).mtime };
    fileCache.set(abs, hit);
  }
  return hit;
}

function guessType(file: string): string {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".json") return "application/feed+json";
  if (ext === ".atom") return "application/atom+xml";
  if (ext === ".html" || ext === ".htm") return "text/html; charset=utf-8";
  if (ext === ".rdf") return "application/rdf+xml";
  return "application/rss+xml";
}

function encode(body: Buffer, encoding: ServeOptions["encoding"]): Buffer {
  switch (encoding) {
    case "gzip":
      return zlib.gzipSync(body);
    case "deflate":
      return zlib.deflateSync(body);
    case "deflate-raw":
      return zlib.deflateRawSync(body);
    case "br":
      return zlib.brotliCompressSync(body);
    default:
      return body;
  }
}

// Cached per buffer so serving one cached file under many aliases hashes it once.
const etags = new WeakMap<Buffer, string>();
function etagOf(body: Buffer): string {
  let etag = etags.get(body);
  if (!etag) {
    etag = `"${createHash("sha1").update(body).digest("hex").slice(0, 20)}"`;
    etags.set(body, etag);
  }
  return etag;
}

/** Answers with body, honouring If-None-Match / If-Modified-Since when validators are on. */
export function sendWithValidators(req: IncomingMessage, res: ServerResponse, body: Buffer, mtime: Date, opts: ServeOptions, type: string): void {
  const validators = opts.validators ?? true;
  const headers: Record<string, string> = { "content-type": opts.contentType ?? type };
  if (validators) {
    const etag = etagOf(body);
    const lastModified = new Date(Math.floor(mtime.getTime() / 1000) * 1000);
    headers.etag = etag;
    headers["last-modified"] = lastModified.toUTCString();
    const inm = req.headers["if-none-match"];
    const ims = req.headers["if-modified-since"];
    const matches = inm
      ? inm.split(",").some((t) => t.trim() === etag || t.trim() === "*")
      : ims !== undefined && Date.parse(ims) >= lastModified.getTime();
    if (matches) {
      res.writeHead(304, { etag, "last-modified": headers["last-modified"] });
      res.end();
      return;
    }
  }
  const wire = encode(body, opts.encoding);
  if (opts.encoding) headers["content-encoding"] = opts.encoding === "deflate-raw" ? "deflate" : opts.encoding;
  headers["content-length"] = String(wire.length);
  res.writeHead(200, headers);
  res.end(wire);
}

/** Starts the fixture server on 127.0.0.1 with the built-in hostile and status routes. */
export async function startFixtureServer(): Promise<FixtureServer> {
  const routes = new Map<string, Handler>();
  const dirs: { prefix: string; dir: string; opts: ServeOptions }[] = [];
  const hitCount = new Map<string, number>();
  const last = new Map<string, { headers: IncomingMessage["headers"] }>();
  const sockets = new Set<import("node:net").Socket>();

  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://fixture.invalid");
    const p = u.pathname;
    hitCount.set(p, (hitCount.get(p) ?? 0) + 1);
    last.set(p, { headers: req.headers });
    const handler = routes.get(p) ?? dirHandler(p);
    if (!handler) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end(`no fixture at ${p}`);
      return;
    }
    Promise.resolve(handler(req, res, { path: p, query: u.searchParams })).catch((e: unknown) => {
      console.error(`fixture handler for ${p} failed`, e);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  function dirHandler(p: string): Handler | undefined {
    for (const d of dirs) {
      if (!p.startsWith(`${d.prefix}/`)) continue;
      let rest = p.slice(d.prefix.length + 1);
      let alias: string | null = null;
      const m = /^~([^/]+)\/(.+)$/.exec(rest);
      if (m) {
        alias = decodeURIComponent(m[1]!);
        rest = m[2]!;
      }
      const relPath = decodeURIComponent(rest);
      const abs = path.resolve(d.dir, relPath);
      if (!abs.startsWith(path.resolve(d.dir) + path.sep)) return undefined;
      if (!fileCache.has(abs)) {
        try {
          if (!statSync(abs).isFile()) return undefined;
        } catch {
          return undefined;
        }
      }
      return (req, res) => {
        const f = readCached(abs);
        const body = d.opts.transform ? Buffer.from(d.opts.transform(f.body, { path: p, alias, relPath })) : f.body;
        sendWithValidators(req, res, body, d.opts.lastModified ?? f.mtime, d.opts, guessType(abs));
      };
    }
    return undefined;
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fx: FixtureServer = {
    origin,
    url: (p) => `${origin}${p.startsWith("/") ? p : `/${p}`}`,
    route: (p, handler) => void routes.set(p, handler),
    serveFile(p, filePath, opts = {}) {
      routes.set(p, (req, res) => {
        const f = readCached(filePath);
        sendWithValidators(req, res, f.body, opts.lastModified ?? f.mtime, opts, guessType(filePath));
      });
    },
    serveBody(p, body, opts = {}) {
      const buf = Buffer.from(body);
      const mtime = opts.lastModified ?? new Date("2026-01-01T00:00:00Z");
      routes.set(p, (req, res) => sendWithValidators(req, res, buf, mtime, opts, guessType(p)));
    },
    serveDir(prefix, dir, opts = {}) {
      dirs.push({ prefix: prefix.replace(/\/$/, ""), dir, opts });
      const out: string[] = [];
      const walk = (sub: string) => {
        for (const entry of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
          const rel = sub ? `${sub}/${entry.name}` : entry.name;
          if (entry.isDirectory()) walk(rel);
          else if (entry.isFile()) out.push(rel);
        }
      };
      walk("");
      return out.sort();
    },
    hits: (p) => hitCount.get(p) ?? 0,
    lastRequest: (p) => last.get(p),
    resetHits: () => {
      hitCount.clear();
      last.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        // Hostile routes keep connections open forever; cut them.
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  installBuiltinRoutes(fx);
  return fx;
}
