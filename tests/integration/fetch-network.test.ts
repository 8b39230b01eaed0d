// fetchFeed's lower layers against real sockets: the guarded DNS lookup (the
// address checked is the address connected to), TLS, DNS and protocol failures.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import https from "node:https";
import type { LookupAddress } from "node:dns";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseAllowCidrs } from "../../lib/feeds/address-guard";
import { fetchFeed } from "../../lib/feeds/fetch";
import { guardedLookup } from "../../lib/feeds/request-once";

const ALLOW = "127.0.0.1/32";
const cleanups: (() => void | Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

/** Closes a server after cutting its open sockets (server.close waits for them). */
function closeLater(server: net.Server): void {
  const sockets = new Set<net.Socket>();
  server.on("connection", (s: net.Socket) => sockets.add(s));
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  );
}

type LookupOutcome = { err: NodeJS.ErrnoException | null; addresses: LookupAddress[] };

/** Calls a guarded lookup the way net.connect does, with or without `all`. */
function lookup(host: string, allow: string, all: boolean): Promise<LookupOutcome> {
  const refusals: string[] = [];
  const fn = guardedLookup(parseAllowCidrs(allow), (f) => refusals.push(f.message));
  return new Promise((resolve) => {
    fn(host, { all, family: 0 } as never, ((err: NodeJS.ErrnoException | null, a: string | LookupAddress[], family?: number) => {
      if (err) return resolve({ err, addresses: [] });
      resolve({ err: null, addresses: Array.isArray(a) ? a : [{ address: a, family: family ?? 4 }] });
    }) as never);
  });
}

describe("guarded DNS lookup", () => {
  it.each([true, false])("hands net.connect only allowed answers (all=%s)", async (all) => {
    const { err, addresses } = await lookup("localhost", ALLOW, all);
    expect(err).toBeNull();
    expect(addresses).toEqual([{ address: "127.0.0.1", family: 4 }]);
  });

  it.each([true, false])("fails with a refusal naming the answer when nothing is allowed (all=%s)", async (all) => {
    const { err } = await lookup("localhost", "", all);
    expect(err?.message).toMatch(/^refused to connect to localhost: address (127\.0\.0\.1|::1) \(loopback\) is not allowed/);
  });

  it("reports an unknown host as a DNS error", async () => {
    const r = await fetchFeed("http://no-such-host.invalid/feed.xml", { allowCidrs: ALLOW, timeoutMs: 10_000 });
    expect(r).toMatchObject({ kind: "network_error", code: "dns" });
    if (r.kind === "network_error") expect(r.error).toMatch(/^DNS lookup failed for no-such-host\.invalid \(ENOTFOUND|EAI_AGAIN\)/);
  });
});

describe("protocol and TLS failures", () => {
  it("reports a server that does not speak HTTP", async () => {
    const server = net.createServer((s) => s.resume().end("SSH-2.0-OpenSSH_9.6\r\n\r\n"));
    closeLater(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    const r = await fetchFeed(`http://127.0.0.1:${port}/`, { allowCidrs: ALLOW, timeoutMs: 5_000 });
    expect(r).toMatchObject({ kind: "network_error", code: "protocol" });
    if (r.kind === "network_error") expect(r.error).toMatch(new RegExp(`^invalid HTTP response from 127\\.0\\.0\\.1:${port}: `));
  });

  it("reports an untrusted certificate as a TLS error, and checks https hosts against the guard", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "readahead-tls-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
      "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"),
    ], { stdio: "ignore" });
    const server = https.createServer(
      { key: readFileSync(path.join(dir, "key.pem")), cert: readFileSync(path.join(dir, "cert.pem")) },
      (_req, res) => res.end("<rss/>"),
    );
    closeLater(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;

    const r = await fetchFeed(url, { allowCidrs: ALLOW, timeoutMs: 5_000 });
    expect(r).toMatchObject({ kind: "network_error", code: "tls" });
    if (r.kind === "network_error") expect(r.error).toMatch(/^TLS error with 127\.0\.0\.1:\d+: self[- ]signed certificate/);
    expect(await fetchFeed(url, { allowCidrs: "" })).toMatchObject({ kind: "refused" });
  });
});

// Node always accepts connections, so a listener that never accepts comes from
// Python: with its one-slot accept queue filled, the kernel drops further SYNs and
// connect() hangs, which is what an unreachable host looks like.
const hasPython = spawnSync("python3", ["--version"]).status === 0;

describe("connect timeout", () => {
  it.skipIf(!hasPython)("gives up on a host that never completes the TCP handshake", async () => {
    const py = spawn(
      "python3",
      ["-c", "import socket,time\ns=socket.socket()\ns.bind(('127.0.0.1',0))\ns.listen(0)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(120)"],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    cleanups.push(() => void py.kill());
    const port = await new Promise<number>((resolve) => py.stdout.once("data", (d) => resolve(Number(String(d).trim()))));
    const fillers = [0, 1, 2].map(() => net.connect(port, "127.0.0.1").on("error", () => {}));
    cleanups.push(() => fillers.forEach((f) => f.destroy()));
    await new Promise((r) => setTimeout(r, 200));

    const r = await fetchFeed(`http://127.0.0.1:${port}/feed.xml`, { allowCidrs: ALLOW, connectTimeoutMs: 500, timeoutMs: 10_000 });
    expect(r).toMatchObject({ kind: "network_error", code: "connect_timeout", error: "could not connect to 127.0.0.1 within 500 ms" });
  });
});
