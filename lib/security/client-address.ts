/**
 * The client's network address, for per-address rate limits.
 *
 * `next start` fills X-Forwarded-For with the socket address only when the header is
 * absent, and a reverse proxy appends the address it saw. The rightmost entry is
 * therefore the one set closest to us: the proxy's view of the client, or the socket
 * itself. With no proxy, a client can send its own header; per-account limits do not
 * depend on this value, so spoofing it only moves a client to a different address bucket.
 */
type HeaderReader = { get(name: string): string | null };

const MAX_ADDRESS_LENGTH = 64;

/** The best-known client address from request headers, or "unknown". */
export function clientAddress(headers: HeaderReader): string {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").map((s) => s.trim()).filter(Boolean).pop();
  const raw = last ?? headers.get("x-real-ip") ?? "unknown";
  // IPv4-mapped IPv6 ("::ffff:1.2.3.4") and the plain form are one client.
  return raw.replace(/^::ffff:/i, "").slice(0, MAX_ADDRESS_LENGTH).toLowerCase();
}
