import { describe, expect, it } from "vitest";
import { isDecodablePath } from "@/lib/security/malformed-path";

describe("isDecodablePath", () => {
  it.each([
    ["/", true],
    ["/u/alice", true],
    ["/t/caf%C3%A9", true],
    ["/s/a%2Fb", true],
    ["/a/1/x?q=%E0%A4%A", true], // the query string is not the router's to decode
    ["/u/%E0%A4%A", false],
    ["/t/%E0%A4%A/rss.xml", false],
    ["/a/1/%ZZ", false],
    ["/x/%", false],
    ["/u/%C0%AF", false], // overlong UTF-8
    ["/u/%ED%A0%80", false], // a lone surrogate
  ])("%s → %s", (url, ok) => {
    expect(isDecodablePath(url)).toBe(ok);
  });
});
