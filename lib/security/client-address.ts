/**
 * The client's network address, for per-address rate limits (sign-up, login).
 *
 * Only the web server (scripts/web-server.ts) sees the socket a request arrived on.
 * It decides the address with clientAddressFromChain and hands it to the app in
 * CLIENT_ADDRESS_HEADER, after deleting whatever a client sent under that name. The
 * app never reads X-Forwarded-For itself: without a proxy in front, the client writes
 * it (`next start` fills it from the socket only when it is absent), and with one,
 * only the entries our own proxies appended can be believed.
 *
 * TRUSTED_PROXY_HOPS says how many of those proxies there are. The chain is the
 * X-Forwarded-For entries, left to right, then the socket's address; each trusted
 * proxy appended the address it saw, so the client is that many places from the end:
 *
 * | hops | client                 | "1.1.1.1, 2.2.2.2" arriving from socket 10.0.0.2 |
 * |------|------------------------|---------------------------------------------------|
 * | 0    | the socket             | 10.0.0.2 (no proxy: the header is the client's)  |
 * | 1    | the last entry         | 2.2.2.2  (one reverse proxy)                     |
 * | 2    | the second from last   | 1.1.1.1  (a CDN, then a reverse proxy)           |
 * | ≥ 3  | the leftmost entry     | 1.1.1.1  (fewer entries than hops: a trusted hop |
 * |      |                        |           was bypassed; the leftmost it wrote)   |
 *
 * Setting more hops than there are proxies lets a client choose its own address;
 * fewer puts every reader behind the proxy in one bucket.
 */
import ipaddr from "ipaddr.js";

/** The request header the web server sets to the client's address; clients' copies are deleted. */
export const CLIENT_ADDRESS_HEADER = "x-readahead-client-address";

type HeaderReader = { get(name: string): string | null };

const MAX_ADDRESS_LENGTH = 64;

/** One spelling per address: IPv4-mapped IPv6 as IPv4, IPv6 compressed, ports dropped. */
export function normalizeAddress(raw: string): string {
  let s = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (bracketed) s = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(":"));
  if (ipaddr.isValid(s)) return ipaddr.process(s).toString();
  return s.slice(0, MAX_ADDRESS_LENGTH).toLowerCase();
}

/** The client's address from X-Forwarded-For, the socket's address and the number of trusted proxy hops. */
export function clientAddressFromChain(forwardedFor: string | undefined, socketAddress: string | undefined, trustedHops: number): string {
  // No socket address (it closed already): the chain's end is unknown, so is the client.
  if (!socketAddress) return "unknown";
  const chain = (trustedHops > 0 && forwardedFor ? forwardedFor.split(",") : []).map((s) => s.trim()).filter(Boolean);
  chain.push(socketAddress);
  return normalizeAddress(chain[Math.max(0, chain.length - 1 - trustedHops)]!);
}

/** The client's address as the web server determined it, or "unknown" when the app runs without it. */
export function clientAddress(headers: HeaderReader): string {
  const set = headers.get(CLIENT_ADDRESS_HEADER);
  return set ? set.slice(0, MAX_ADDRESS_LENGTH) : "unknown";
}
