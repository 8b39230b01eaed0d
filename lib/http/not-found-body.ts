/**
 * Gives a page's notFound() a server-rendered body.
 *
 * When a page calls notFound() while it renders (an unknown article, tag, source or
 * member), Next 16 answers 404 with an empty error shell (`<html id="__next_error__">`
 * and an empty body) and renders the not-found page only in the browser, from the RSC
 * payload: readers without JavaScript and crawlers see a blank page
 * (vercel/next.js#62228, open). A path that matches no route goes through Next's
 * compiled not-found route instead, which is fully server-rendered.
 *
 * So the web server (scripts/web-server.ts) holds back a 404 HTML answer to a GET,
 * and when it is that empty shell, sends the not-found route's page instead (rendered
 * through our own server for NOT_FOUND_PATH, a path no route matches, with the
 * reader's cookie so a member still sees their own header). Every other answer
 * streams through untouched: the decision is made before the first byte is written.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";

/** A path no route matches: Next renders app/not-found.tsx for it, server-side. */
export const NOT_FOUND_PATH = "/_readahead/not-found";
const ERROR_SHELL = Buffer.from('<html id="__next_error__"');
const MAX_HELD_BYTES = 2_000_000;
// Not copied from the not-found render: recomputed for the new body, or hop-by-hop.
const DROPPED = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "date"]);

type Chunk = string | Uint8Array;
type Callback = (err?: Error | null) => void;

function toBuffer(chunk: Chunk, encoding?: BufferEncoding): Buffer {
  return typeof chunk === "string" ? Buffer.from(chunk, encoding) : Buffer.from(chunk);
}

/** Renders the not-found page for `req` (a reader's request) through `origin`. */
async function renderNotFound(origin: string, req: IncomingMessage): Promise<Response> {
  const headers: Record<string, string> = { accept: "text/html" };
  for (const name of ["cookie", "user-agent", "accept-language"]) {
    const v = req.headers[name];
    if (typeof v === "string") headers[name] = v;
  }
  return fetch(origin + NOT_FOUND_PATH, { headers, redirect: "manual", cache: "no-store", signal: AbortSignal.timeout(10_000) });
}

/** The held body as the page's HTML: decompressed when Next compressed it (it compresses inside our wrapper). */
function decodedBody(body: Buffer, encoding: string): Buffer | null {
  try {
    if (encoding === "gzip") return gunzipSync(body);
    if (encoding === "br") return brotliDecompressSync(body);
    if (encoding === "deflate") return inflateSync(body);
    return encoding === "" || encoding === "identity" ? body : null;
  } catch {
    return null;
  }
}

/**
 * Wraps `res` so that a 404 empty error shell for `req` is replaced by the server-rendered
 * not-found page. `origin()` is this server's own address (known once it listens).
 *
 * The wrappers stay in place for the whole response and delegate once it is decided
 * (putting the original methods back would also remove wrappers Next's compression
 * installs on top of these).
 */
export function serverRenderNotFound(req: IncomingMessage, res: ServerResponse, origin: () => string | undefined): void {
  if (req.method !== "GET" || req.url === NOT_FOUND_PATH) return;
  const flushHeaders = res.flushHeaders.bind(res);
  const writeHead = res.writeHead.bind(res) as (...a: unknown[]) => ServerResponse;
  const write = res.write.bind(res) as (...a: unknown[]) => boolean;
  const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
  let state: "undecided" | "pass" | "hold" | "done" = "undecided";
  const held: Buffer[] = [];
  let heldBytes = 0;

  const decide = () => {
    if (state !== "undecided") return;
    const type = String(res.getHeader("content-type") ?? "");
    state = res.statusCode === 404 && type.startsWith("text/html") && origin() ? "hold" : "pass";
  };
  /** Sends what was held as it is. */
  const release = (cb?: Callback) => {
    state = "done";
    end(Buffer.concat(held), cb);
  };

  res.flushHeaders = function flushHeadersWrapper() {
    decide();
    if (state === "pass") flushHeaders();
  };
  res.writeHead = function writeHeadWrapper(status: number, ...rest: unknown[]) {
    if (state === "undecided") {
      res.statusCode = status;
      const headers = rest.find((r) => typeof r === "object" && r !== null);
      if (headers && !Array.isArray(headers)) for (const [k, v] of Object.entries(headers)) if (v !== undefined) res.setHeader(k, v as string);
      decide();
    }
    // Node's own write() and end() call writeHead for the implicit header, so once the
    // answer is released or replaced this must write the head for real.
    return state === "hold" ? res : writeHead(status, ...rest);
  } as typeof res.writeHead;
  res.write = function writeWrapper(chunk: Chunk, encoding?: BufferEncoding | Callback, cb?: Callback) {
    decide();
    if (state !== "hold") return write(chunk, encoding, cb);
    const buf = toBuffer(chunk, typeof encoding === "string" ? encoding : undefined);
    held.push(buf);
    heldBytes += buf.byteLength;
    const done = typeof encoding === "function" ? encoding : cb;
    if (heldBytes > MAX_HELD_BYTES) {
      // Not an error shell (those are small): send it on as it streams.
      state = "pass";
      return write(Buffer.concat(held.splice(0)), done);
    }
    done?.();
    return true;
  } as typeof res.write;
  res.end = function endWrapper(chunk?: Chunk | Callback, encoding?: BufferEncoding | Callback, cb?: Callback) {
    decide();
    if (state !== "hold") return end(chunk, encoding, cb);
    if (chunk !== undefined && typeof chunk !== "function") held.push(toBuffer(chunk, typeof encoding === "string" ? encoding : undefined));
    const done = [chunk, encoding, cb].find((a): a is Callback => typeof a === "function");
    const html = decodedBody(Buffer.concat(held), String(res.getHeader("content-encoding") ?? ""));
    const from = origin();
    if (!from || !html || html.indexOf(ERROR_SHELL) === -1) {
      release(done);
      return res;
    }
    renderNotFound(from, req)
      .then(async (page) => {
        const body = Buffer.from(await page.arrayBuffer());
        if (page.status !== 404 || !(page.headers.get("content-type") ?? "").startsWith("text/html")) return release(done);
        state = "done";
        for (const name of res.getHeaderNames()) res.removeHeader(name);
        page.headers.forEach((value, name) => {
          if (!DROPPED.has(name) && name !== "set-cookie") res.setHeader(name, value);
        });
        res.statusCode = 404;
        end(body, done);
      })
      .catch(() => release(done));
    return res;
  } as typeof res.end;
}
