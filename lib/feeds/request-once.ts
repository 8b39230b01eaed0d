/**
 * One HTTP exchange for the feed fetcher, with the SSRF check bound to the
 * connection itself: a custom DNS `lookup` hands net.connect only addresses that
 * passed checkAddress(), so there is no window between "checked" and "connected"
 * for DNS rebinding; literal IP hosts (which skip lookup) are checked up front; and
 * the socket's remote address is checked once more when it connects.
 */
import dns from "node:dns";
import http, { type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import https from "node:https";
import net, { type LookupFunction } from "node:net";
import { checkAddress, type parseAllowCidrs } from "./address-guard";
import { FetchFailure, readBody } from "./read-body";

export interface RequestOnceOptions {
  headers: Record<string, string>;
  allow: ReturnType<typeof parseAllowCidrs>;
  connectTimeoutMs: number;
  /** Epoch ms by which the whole fetch (all hops, body included) must be done. */
  deadline: number;
  totalTimeoutMs: number;
  maxBytes: number;
  /** Whether to read the body (only for 2xx; redirects and errors are discarded). */
  wantBody: (status: number) => boolean;
  signal?: AbortSignal;
}

export interface RawResponse {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: Buffer | null;
}

function refusal(host: string, reason: string): FetchFailure {
  return new FetchFailure(
    "refused",
    "address_refused",
    `refused to connect to ${host}: address ${reason} is not allowed (widen FEED_FETCH_ALLOW_CIDRS to permit it)`,
  );
}

/** A net `lookup` that resolves, drops refused addresses, and fails with a refusal when none is left. */
export function guardedLookup(allow: RequestOnceOptions["allow"], onRefused: (f: FetchFailure) => void): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { family: options.family, hints: options.hints, all: true }, (err, addresses) => {
      if (err) return callback(err, [] as never);
      let firstReason = "";
      const ok = addresses.filter((a) => {
        const verdict = checkAddress(a.address, allow);
        if (!verdict.allowed && !firstReason) firstReason = verdict.reason;
        return verdict.allowed;
      });
      if (ok.length === 0) {
        const failure = refusal(hostname, firstReason || "(no addresses)");
        onRefused(failure);
        return callback(failure, [] as never);
      }
      if (options.all) return callback(null, ok);
      callback(null, ok[0]!.address, ok[0]!.family);
    });
  };
}

/** Sends one GET and resolves with status, headers and (when wanted) the capped, decoded body. */
export function requestOnce(url: URL, opts: RequestOnceOptions): Promise<RawResponse> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(host)) {
    const verdict = checkAddress(host, opts.allow);
    if (!verdict.allowed) return Promise.reject(refusal(host, verdict.reason));
  }
  return new Promise<RawResponse>((resolve, reject) => {
    // The first failure we detect ourselves wins over the generic socket error
    // that destroying the request then produces.
    let failure: Error | null = null;
    const fail = (f: Error) => {
      failure ??= f;
      req.destroy(f);
    };
    const mod = url.protocol === "https:" ? https : http;
    const req = mod.request({
      protocol: url.protocol,
      hostname: host,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: "GET",
      headers: opts.headers,
      auth: url.username ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined,
      // No pooling: every connection goes through the guarded lookup.
      agent: false,
      lookup: guardedLookup(opts.allow, (f) => (failure ??= f)),
    });

    const connectTimer = setTimeout(
      () => fail(new FetchFailure("network_error", "connect_timeout", `could not connect to ${host} within ${opts.connectTimeoutMs} ms`)),
      opts.connectTimeoutMs,
    );
    const totalTimer = setTimeout(
      () => fail(new FetchFailure("network_error", "timeout", `no complete response within ${opts.totalTimeoutMs} ms`)),
      Math.max(0, opts.deadline - Date.now()),
    );
    const onAbort = () => fail(new FetchFailure("network_error", "aborted", "fetch aborted"));
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    const cleanup = () => {
      clearTimeout(connectTimer);
      clearTimeout(totalTimer);
      opts.signal?.removeEventListener("abort", onAbort);
    };

    req.on("socket", (socket) => {
      socket.once("connect", () => {
        clearTimeout(connectTimer);
        const remote = socket.remoteAddress;
        const verdict = remote ? checkAddress(remote, opts.allow) : ({ allowed: false, reason: "unknown" } as const);
        if (!verdict.allowed) fail(refusal(host, verdict.reason));
      });
    });

    req.on("response", (res: IncomingMessage) => {
      clearTimeout(connectTimer);
      const status = res.statusCode ?? 0;
      const done = (body: Buffer | null) => {
        cleanup();
        resolve({ status, statusText: res.statusMessage ?? "", headers: res.headers, body });
      };
      if (!opts.wantBody(status)) {
        res.destroy();
        return done(null);
      }
      readBody(res, opts.maxBytes).then(done, (e: Error) => {
        cleanup();
        reject(failure ?? e);
        req.destroy();
      });
    });

    req.on("error", (e) => {
      cleanup();
      reject(failure ?? e);
    });
    if (opts.signal?.aborted) onAbort();
    req.end();
  });
}
