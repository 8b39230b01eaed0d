import { describe, expect, it } from "vitest";
import { checkAddress, embeddedIPv4, parseAllowCidrs } from "../../lib/feeds/address-guard";
import ipaddr from "ipaddr.js";

describe("checkAddress with an empty allow-list", () => {
  it.each([
    // [address, reason fragment]
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    ["10.1.2.3", "private network"],
    ["172.16.0.1", "private network"],
    ["172.31.255.255", "private network"],
    ["192.168.1.1", "private network"],
    ["fc00::1", "unique local"],
    ["fd12:3456::1", "unique local"],
    ["169.254.1.1", "link-local"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["100.127.255.255", "carrier-grade NAT"],
    ["169.254.169.254", "metadata"],
    ["fd00:ec2::254", "metadata"],
    ["100.100.100.200", "metadata"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["ff02::1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["192.0.2.10", "documentation"],
    ["198.18.0.1", "benchmarking"],
    ["2001:db8::1", "documentation"],
    ["fec0::1", "site-local"],
    ["4000::1", "global unicast"],
    // IPv6 carrying a private IPv4 address
    ["::ffff:127.0.0.1", "loopback, via embedded IPv4 127.0.0.1"],
    ["::ffff:7f00:1", "loopback, via embedded IPv4 127.0.0.1"],
    ["::ffff:169.254.169.254", "metadata"],
    ["::ffff:10.0.0.1", "private network"],
    ["::127.0.0.1", "loopback, via embedded IPv4"],
    ["::ffff:0:192.168.0.1", "private network"],
    ["64:ff9b::10.0.0.1", "private network"],
    ["64:ff9b::a9fe:a9fe", "metadata"],
    ["64:ff9b:1::192.168.1.1", "private network"],
    ["2002:7f00:1::", "loopback, via embedded IPv4 127.0.0.1"],
    ["2002:a9fe:a9fe::1", "metadata"],
    // Teredo: the client IPv4 is stored XOR 0xffff in the last 32 bits.
    ["2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback, via embedded IPv4 127.0.0.1"],
  ])("refuses %s (%s)", (ip, reason) => {
    const v = checkAddress(ip, "");
    expect(v.allowed).toBe(false);
    if (!v.allowed) expect(v.reason).toContain(reason);
  });

  it.each([
    "93.184.216.34",
    "8.8.8.8",
    "1.1.1.1",
    "172.15.255.255",
    "172.32.0.1",
    "100.63.255.255",
    "100.128.0.1",
    "192.169.0.1",
    "2606:4700:4700::1111",
    "2a00:1450:4001:80b::200e",
    "::ffff:93.184.216.34",
    "64:ff9b::8.8.8.8",
    "2002:5db8:d822::1",
  ])("allows public %s", (ip) => {
    expect(checkAddress(ip, "")).toEqual({ allowed: true });
  });

  it("refuses things that are not IP addresses", () => {
    const v = checkAddress("localhost", "");
    expect(v.allowed).toBe(false);
    if (!v.allowed) expect(v.reason).toMatch(/not an IP address/);
  });
});

describe("checkAddress with an allow-list", () => {
  it.each([
    ["127.0.0.1", "127.0.0.1/32", true],
    ["::ffff:127.0.0.1", "127.0.0.1/32", true],
    ["127.0.0.2", "127.0.0.1/32", false],
    ["::1", "127.0.0.1/32", false],
    ["::1", "127.0.0.1/32, ::1/128", true],
    ["10.20.30.40", "10.0.0.0/8", true],
    ["169.254.169.254", "10.0.0.0/8", false],
    ["192.168.5.5", " 192.168.0.0/16 ,", true],
  ] as const)("%s with allow %s → %s", (ip, allow, allowed) => {
    expect(checkAddress(ip, allow).allowed).toBe(allowed);
  });

  it("accepts pre-parsed CIDRs", () => {
    expect(checkAddress("127.0.0.1", parseAllowCidrs("127.0.0.0/8")).allowed).toBe(true);
  });

  it("rejects a malformed CIDR with its text", () => {
    expect(() => parseAllowCidrs("127.0.0.1/32,banana/8")).toThrow(/invalid CIDR in allow-list: "banana\/8"/);
  });
});

describe("embeddedIPv4", () => {
  it.each([
    ["::ffff:1.2.3.4", "1.2.3.4"],
    ["::1.2.3.4", "1.2.3.4"],
    ["64:ff9b::1.2.3.4", "1.2.3.4"],
    ["2002:102:304::", "1.2.3.4"],
    ["::1", null],
    ["::", null],
    ["2606:4700::1", null],
  ])("%s → %s", (ip, v4) => {
    expect(embeddedIPv4(ipaddr.IPv6.parse(ip))?.toString() ?? null).toBe(v4);
  });
});
