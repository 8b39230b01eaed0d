// The 503 page is plain HTML whose one stylesheet its own policy allows, and it says why.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { UNAVAILABLE_RETRY_AFTER_S, unavailableResponse } from "../../lib/availability/unavailable-page";

describe("unavailableResponse", () => {
  it("says the database is unreachable, asks to retry, and allows exactly its own style", () => {
    const { headers, body } = unavailableResponse(false);
    expect(body).toMatch(/database is unreachable, try again shortly/i);
    expect(headers["Retry-After"]).toBe(String(UNAVAILABLE_RETRY_AFTER_S));
    expect(headers["Cache-Control"]).toBe("no-store");
    expect(body).not.toMatch(/<script/i);
    const css = /<style>([\s\S]*?)<\/style>/.exec(body)![1]!;
    const hash = createHash("sha256").update(css).digest("base64");
    expect(headers["Content-Security-Policy"]).toContain(`style-src 'sha256-${hash}'`);
    expect(headers["Content-Security-Policy"]).toContain("default-src 'none'");
    expect(Number(headers["Content-Length"])).toBe(Buffer.byteLength(body));
  });
  it("sends no body to HEAD", () => {
    const { headers, body } = unavailableResponse(true);
    expect(body).toBe("");
    expect(headers["Content-Length"]).toBe("0");
  });
});
