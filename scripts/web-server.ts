// The web app's HTTP server: Next's request handler (its documented custom-server API,
// `next({ dev, dir, hostname, port })`) behind our own node:http server, which
// `npm start`, `npm run dev`, the browser tests and the benchmarks all run instead of
// `next start` / `next dev`.
//
// Why: per-address rate limits need the client's address, and Next does not give
// server actions or route handlers the socket. `next start` only copies the socket's
// address into X-Forwarded-For when the header is absent, so a client talking to it
// directly chose its own address. Here every request gets CLIENT_ADDRESS_HEADER, set
// from the socket and TRUSTED_PROXY_HOPS (lib/security/client-address.ts), and any
// copy the client sent is deleted first.
//
// Kept from `next start`, because the app relies on it: __NEXT_PRIVATE_ORIGIN (the
// shared-page store in proxy.ts renders through it, see lib/env.ts ownOrigin) and PORT
// are set once listening, and SIGINT/SIGTERM stop taking connections, let requests in
// flight finish (up to SHUTDOWN_GRACE_MS), close Next, then exit.
//
// Also joins the other web processes on the same database (lib/page-cache/cluster-bus.ts):
// a vote here empties their shared-page stores and data caches, and theirs ours.
//
// A page that fails while the database is unreachable is answered with 503, Retry-After
// and a page that says so (lib/availability/unavailable-page.ts) instead of Next's 500:
// the pool marks the database down when a connection or statement fails because the
// server is unreachable (lib/db/outage.ts), and the next connection that opens marks it
// up again, so nothing here needs restarting when the database returns.
//
// Run from the project root with PORT and HOST in the environment: the launchers
// (scripts/start.ts, tests/helpers/app-server.ts) run it as a bundle (bundleWebServer
// in scripts/launch-helpers.ts, for why); `node --import tsx scripts/web-server.ts
// [--dev]` runs the same thing.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import next from "next";
import { unavailableResponse } from "../lib/availability/unavailable-page";
import { isDatabaseDown } from "../lib/db/outage";
import { ConfigError, getEnv } from "../lib/env";
import { startInvalidationListener, type InvalidationListener } from "../lib/page-cache/cluster-bus";
import { CLIENT_ADDRESS_HEADER, clientAddressFromChain } from "../lib/security/client-address";
import { BAD_REQUEST_HEADER, BAD_REQUEST_PATH, isDecodablePath } from "../lib/security/malformed-path";
import { serverRenderNotFound } from "../lib/http/not-found-body";

// How long a stop waits for requests in flight before closing their connections.
const SHUTDOWN_GRACE_MS = 10_000;

/** Replaces any client-sent CLIENT_ADDRESS_HEADER with the address this server determined. */
function stampClientAddress(req: IncomingMessage, trustedHops: number): void {
  // Node joins repeated X-Forwarded-For headers with ", ", in arrival order.
  const forwarded = req.headers["x-forwarded-for"];
  req.headers[CLIENT_ADDRESS_HEADER] = clientAddressFromChain(
    Array.isArray(forwarded) ? forwarded.join(",") : forwarded,
    req.socket.remoteAddress,
    trustedHops,
  );
}

/**
 * Sends a request whose path Next cannot decode to the site's 400 page: Next would
 * throw on it and answer a bare 500 (see lib/security/malformed-path.ts). The page
 * renders with status 200 or 404 as far as Next knows, so the status is pinned here.
 */
function routeMalformedPath(req: IncomingMessage, res: ServerResponse): void {
  delete req.headers[BAD_REQUEST_HEADER];
  if (isDecodablePath(req.url ?? "/")) return;
  req.url = BAD_REQUEST_PATH;
  req.headers[BAD_REQUEST_HEADER] = "1";
  Object.defineProperty(res, "statusCode", { get: () => 400, set: () => {}, configurable: true });
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((_status: number, ...rest: unknown[]) => writeHead(400, ...rest)) as typeof res.writeHead;
}

type Callback = (err?: Error | null) => void;

/**
 * Makes `res` answer 503 with the unavailable page when what Next is about to send is a
 * 500 while the database is down. Decided at the moment the status goes out (an explicit
 * writeHead, or the first write or end), before any of Next's bytes; from then on Next's
 * writes are dropped. Another 500 (a bug, a statement timeout) goes out as it is.
 */
function answerUnavailableForFailures(req: IncomingMessage, res: ServerResponse): void {
  const writeHead = res.writeHead.bind(res) as (status: number, ...rest: unknown[]) => ServerResponse;
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  let replaced = false;
  const takeOver = (status: number): boolean => {
    if (replaced) return true;
    if (status !== 500 || res.headersSent || !isDatabaseDown()) return false;
    replaced = true;
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    const page = unavailableResponse(req.method === "HEAD");
    writeHead(503, page.headers);
    end(page.body);
    return true;
  };
  // Dropped writes still call their callbacks, as a stream would.
  const settle = (args: unknown[]) => {
    const cb = args.findLast((a) => typeof a === "function") as Callback | undefined;
    if (cb) process.nextTick(cb);
  };
  res.writeHead = ((status: number, ...rest: unknown[]) => (takeOver(status) ? res : writeHead(status, ...rest))) as typeof res.writeHead;
  res.write = ((...args: unknown[]) => {
    if (!takeOver(res.statusCode)) return write(...args);
    settle(args);
    return true;
  }) as typeof res.write;
  res.end = ((...args: unknown[]) => {
    if (!takeOver(res.statusCode)) return end(...args);
    settle(args);
    return res;
  }) as typeof res.end;
}

/** The origin `next start` would record for itself (same spelling, so ownOrigin() reads it alike). */
function originFor(host: string, port: number): string {
  const shown = host === "0.0.0.0" || host === "" ? "localhost" : host === "::" || host === "[::]" ? "[::1]" : host.includes(":") ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

async function main(): Promise<void> {
  const dev = process.argv.includes("--dev");
  // What the `next` command sets before it starts a server; Next and our code read both.
  const processEnv: Record<string, string | undefined> = process.env;
  processEnv.NODE_ENV ??= dev ? "development" : "production";
  process.env.NEXT_RUNTIME = "nodejs";
  const env = getEnv();
  // The project root is the working directory, as for `next start` (the launchers run
  // this from a bundle under .next; see bundleWebServer in scripts/launch-helpers.ts).
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    stampClientAddress(req, env.TRUSTED_PROXY_HOPS);
    routeMalformedPath(req, res);
    answerUnavailableForFailures(req, res);
    serverRenderNotFound(req, res, () => process.env.__NEXT_PRIVATE_ORIGIN);
    handle(req, res).catch((err: unknown) => {
      console.error(`readahead web server: request for ${req.url} failed`, err);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  // httpServer: where Next attaches its WebSocket upgrade handler (next dev's hot reload).
  const app = next({ dev, dir: process.cwd(), hostname: env.HOST, port: env.PORT, httpServer: server });
  const handle = app.getRequestHandler();
  await app.prepare();

  server.on("error", (err) => {
    console.error(`readahead web server: ${err.message}`);
    process.exit(1);
  });
  await new Promise<void>((resolve) => server.listen(env.PORT, env.HOST, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  process.env.PORT = String(port);
  process.env.__NEXT_PRIVATE_ORIGIN = originFor(env.HOST, port);
  console.log(`readahead web server: listening on ${process.env.__NEXT_PRIVATE_ORIGIN}${dev ? " (dev)" : ""}, trusted proxy hops: ${env.TRUSTED_PROXY_HOPS}`);
  const listener: InvalidationListener | null = env.DATABASE_URL ? startInvalidationListener(env.DATABASE_URL) : null;

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(() => {
      void Promise.all([listener?.stop(), app.close()])
        .catch((err: unknown) => console.error("readahead web server: closing Next failed", err))
        .finally(() => process.exit(0));
    });
    // Keep-alive connections with no request in flight would hold close() open.
    server.closeIdleConnections();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? `readahead: ${err.message}` : err);
  process.exit(1);
});
