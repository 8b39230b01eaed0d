/**
 * Which IP addresses the feed fetcher may connect to (SSRF protection).
 *
 * A feed URL is chosen by a user, so without this check it could point the worker
 * at the database, the cloud metadata service or anything else on the private
 * network. The fetcher calls checkAddress() on every address it is about to
 * connect to (each DNS answer, literal IP hosts, every redirect hop), and again on
 * the socket's remote address once connected.
 *
 * Policy: only globally routable unicast addresses, unless the address falls
 * inside an operator-supplied allow-list (FEED_FETCH_ALLOW_CIDRS; tests and local
 * fixtures use 127.0.0.1/32). IPv6 forms that carry an IPv4 address (mapped,
 * compatible, SIIT, NAT64, 6to4, Teredo) are judged by the IPv4 address they
 * reach, because that is where the packets end up.
 */
import ipaddr from "ipaddr.js";

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Cidr = [Address, number];

/** Refused IPv4 ranges and why; order only matters for which reason is printed. */
const REFUSED_V4: [string, string][] = [
  ["169.254.169.254/32", "cloud metadata service"],
  ["100.100.100.200/32", "cloud metadata service (Alibaba)"],
  ["0.0.0.0/8", "unspecified / this network"],
  ["10.0.0.0/8", "private network"],
  ["100.64.0.0/10", "carrier-grade NAT"],
  ["127.0.0.0/8", "loopback"],
  ["169.254.0.0/16", "link-local"],
  ["172.16.0.0/12", "private network"],
  ["192.0.0.0/24", "IETF protocol assignments"],
  ["192.0.2.0/24", "documentation (TEST-NET-1)"],
  ["192.88.99.0/24", "6to4 relay anycast"],
  ["192.168.0.0/16", "private network"],
  ["198.18.0.0/15", "benchmarking"],
  ["198.51.100.0/24", "documentation (TEST-NET-2)"],
  ["203.0.113.0/24", "documentation (TEST-NET-3)"],
  ["224.0.0.0/4", "multicast"],
  ["255.255.255.255/32", "broadcast"],
  ["240.0.0.0/4", "reserved"],
];

/** Refused IPv6 ranges that carry no IPv4 address. Everything outside 2000::/3 is refused too. */
const REFUSED_V6: [string, string][] = [
  ["fd00:ec2::254/128", "cloud metadata service (AWS)"],
  ["::/128", "unspecified"],
  ["::1/128", "loopback"],
  ["fc00::/7", "unique local (private network)"],
  ["fe80::/10", "link-local"],
  ["fec0::/10", "site-local (deprecated)"],
  ["ff00::/8", "multicast"],
  ["100::/64", "discard-only"],
  ["2001:db8::/32", "documentation"],
  ["2001:2::/48", "benchmarking"],
  ["2001:10::/28", "ORCHID"],
  ["2001:20::/28", "ORCHIDv2"],
];

const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR("2000::/3");

const refusedV4 = REFUSED_V4.map(([cidr, why]) => [ipaddr.IPv4.parseCIDR(cidr), why] as const);
const refusedV6 = REFUSED_V6.map(([cidr, why]) => [ipaddr.IPv6.parseCIDR(cidr), why] as const);

export type AddressVerdict = { allowed: true } | { allowed: false; reason: string };

/** Parses a comma-separated CIDR list (FEED_FETCH_ALLOW_CIDRS); throws on a malformed entry. */
export function parseAllowCidrs(list: string): Cidr[] {
  const out: Cidr[] = [];
  for (const raw of list.split(",")) {
    const entry = raw.trim();
    if (!entry) continue;
    try {
      out.push(ipaddr.parseCIDR(entry));
    } catch {
      throw new Error(`invalid CIDR in allow-list: ${JSON.stringify(entry)}`);
    }
  }
  return out;
}

/**
 * The IPv4 address an IPv6 address delivers to, when it embeds one: mapped
 * (::ffff:a.b.c.d), compatible (::a.b.c.d), SIIT (::ffff:0:a.b.c.d), NAT64
 * (64:ff9b::/96 and 64:ff9b:1::/48), 6to4 (2002::/16) and Teredo (2001::/32).
 */
export function embeddedIPv4(addr: ipaddr.IPv6): ipaddr.IPv4 | null {
  const p = addr.parts;
  const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  const zero = (from: number, to: number) => p.slice(from, to).every((x) => x === 0);
  if (zero(0, 5) && p[5] === 0xffff) return v4(p[6]!, p[7]!); // mapped
  if (zero(0, 4) && p[4] === 0xffff && p[5] === 0) return v4(p[6]!, p[7]!); // SIIT (RFC 6145)
  // Compatible (deprecated); :: and ::1 themselves are judged as IPv6.
  if (zero(0, 6) && !(p[6] === 0 && (p[7] === 0 || p[7] === 1))) return v4(p[6]!, p[7]!);
  if (p[0] === 0x64 && p[1] === 0xff9b && zero(2, 6)) return v4(p[6]!, p[7]!); // NAT64 well-known
  // NAT64 local-use 64:ff9b:1::/48 (RFC 8215): the operator picks the prefix length,
  // so judge the /96 layout, the most common one.
  if (p[0] === 0x64 && p[1] === 0xff9b && p[2] === 1) return v4(p[6]!, p[7]!);
  if (p[0] === 0x2002) return v4(p[1]!, p[2]!); // 6to4
  if (p[0] === 0x2001 && p[1] === 0) return v4(p[6]! ^ 0xffff, p[7]! ^ 0xffff); // Teredo client, obfuscated
  return null;
}

function isInside(addr: Address, cidrs: readonly Cidr[]): boolean {
  return cidrs.some(([net, bits]) => net.kind() === addr.kind() && addr.match(net, bits));
}

function verdictV4(addr: ipaddr.IPv4): string | null {
  for (const [[net, bits], why] of refusedV4) if (addr.match(net, bits)) return why;
  return null;
}

function verdictV6(addr: ipaddr.IPv6): string | null {
  for (const [[net, bits], why] of refusedV6) if (addr.match(net, bits)) return why;
  const v4 = embeddedIPv4(addr);
  if (v4) {
    const why = verdictV4(v4);
    return why ? `${why}, via embedded IPv4 ${v4.toString()}` : null;
  }
  if (!addr.match(GLOBAL_UNICAST_V6)) return "outside global unicast 2000::/3";
  return null;
}

/**
 * Decides whether the fetcher may connect to `ip` (a literal IPv4 or IPv6 address,
 * brackets and zone id allowed). `allow` is a CIDR list string or parsed CIDRs.
 */
export function checkAddress(ip: string, allow: string | readonly Cidr[] = []): AddressVerdict {
  const literal = ip.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  let addr: Address;
  try {
    addr = ipaddr.parse(literal);
  } catch {
    return { allowed: false, reason: `${JSON.stringify(ip)} is not an IP address` };
  }
  const allowCidrs = typeof allow === "string" ? parseAllowCidrs(allow) : allow;
  // The allow-list is matched against the address and, for IPv6 carrying IPv4,
  // against that IPv4 too, so 127.0.0.1/32 also covers ::ffff:127.0.0.1.
  const embedded = addr.kind() === "ipv6" ? embeddedIPv4(addr as ipaddr.IPv6) : null;
  if (isInside(addr, allowCidrs) || (embedded && isInside(embedded, allowCidrs))) return { allowed: true };
  const why = addr.kind() === "ipv4" ? verdictV4(addr as ipaddr.IPv4) : verdictV6(addr as ipaddr.IPv6);
  return why ? { allowed: false, reason: `${addr.toString()} (${why})` } : { allowed: true };
}
