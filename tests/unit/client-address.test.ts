import { describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER, clientAddress, clientAddressFromChain } from "../../lib/security/client-address";

describe("clientAddressFromChain (X-Forwarded-For entries, then the socket)", () => {
  it.each([
    // 0 hops: no proxy is trusted, so whatever the client wrote is ignored.
    ["no header, 0 hops", undefined, "203.0.113.9", 0, "203.0.113.9"],
    ["a client's own header, 0 hops", "1.2.3.4", "203.0.113.9", 0, "203.0.113.9"],
    ["a client's own list, 0 hops", "1.2.3.4, 5.6.7.8", "203.0.113.9", 0, "203.0.113.9"],
    // 1 hop: our proxy appended what it saw, so the last entry is the client.
    ["one proxy", "198.51.100.7", "10.0.0.2", 1, "198.51.100.7"],
    ["one proxy, client sent a header too", "1.2.3.4, 198.51.100.7", "10.0.0.2", 1, "198.51.100.7"],
    ["one proxy, spaces and empty entries", " 1.2.3.4 ,, 198.51.100.7 ", "10.0.0.2", 1, "198.51.100.7"],
    // 2 hops: a CDN, then our proxy.
    ["CDN and proxy", "1.2.3.4, 198.51.100.7, 192.0.2.60", "10.0.0.2", 2, "198.51.100.7"],
    // More hops than entries: the leftmost, which a trusted hop wrote.
    ["more hops than entries", "198.51.100.7", "10.0.0.2", 3, "198.51.100.7"],
    ["1 hop but no header (the proxy was bypassed)", undefined, "203.0.113.9", 1, "203.0.113.9"],
    ["1 hop but an empty header", "", "203.0.113.9", 1, "203.0.113.9"],
    // Spellings of one address are one client.
    ["IPv4-mapped IPv6 socket", undefined, "::ffff:127.0.0.1", 0, "127.0.0.1"],
    ["IPv4-mapped IPv6 entry", "::FFFF:198.51.100.7", "10.0.0.2", 1, "198.51.100.7"],
    ["IPv6 in another spelling", "2001:DB8:0:0:0:0:0:1", "10.0.0.2", 1, "2001:db8::1"],
    ["IPv4 with a port", "198.51.100.7:51234", "10.0.0.2", 1, "198.51.100.7"],
    ["bracketed IPv6 with a port", "[2001:db8::1]:443", "10.0.0.2", 1, "2001:db8::1"],
    ["not an address, kept short", "x".repeat(100), "10.0.0.2", 1, "x".repeat(64)],
    ["no socket address (closed)", undefined, undefined, 0, "unknown"],
  ])("%s", (_name, forwardedFor, socket, hops, expected) => {
    expect(clientAddressFromChain(forwardedFor, socket, hops)).toBe(expected);
  });
});

describe("clientAddress (what the app reads)", () => {
  it("reads only the address the web server set, never X-Forwarded-For", () => {
    expect(clientAddress(new Headers({ [CLIENT_ADDRESS_HEADER]: "198.51.100.7" }))).toBe("198.51.100.7");
    expect(clientAddress(new Headers({ "x-forwarded-for": "1.2.3.4", "x-real-ip": "1.2.3.4" }))).toBe("unknown");
  });
});
