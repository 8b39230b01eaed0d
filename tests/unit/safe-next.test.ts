import { describe, expect, it } from "vitest";
import { loginUrl, safeNextPath } from "../../lib/security/safe-next";

describe("safeNextPath", () => {
  it.each([
    ["/a/1/title", "/a/1/title"],
    ["/a/1/title?comments=best#c4", "/a/1/title?comments=best#c4"],
    ["/me/feed", "/me/feed"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/"],
    ["/\t/evil.example", "/"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["", "/"],
    [undefined, "/"],
    [42, "/"],
    ["/" + "a".repeat(3000), "/"],
  ])("%j -> %j", (input, out) => {
    expect(safeNextPath(input)).toBe(out);
  });

  it("builds login URLs that encode the way back", () => {
    expect(loginUrl("/a/1/x#c2")).toBe("/login?next=%2Fa%2F1%2Fx%23c2");
    expect(loginUrl("//evil.example")).toBe("/login?next=%2F");
  });
});
