// The per-address sign-up limit against the running server: a client cannot choose
// its own address with X-Forwarded-For when no proxy is trusted, and behind one
// trusted proxy (TRUSTED_PROXY_HOPS=1) each forwarded client has its own bucket.
import { afterAll, beforeEach, describe, expect, inject, it } from "vitest";
import { startApp, type RunningApp } from "../helpers/app-server";
import { formFieldsFromHtml, withDb } from "./members-helpers";

const baseUrl = inject("baseUrl");
const dbUrl = inject("e2eDatabaseUrl");
let behindProxy: RunningApp | undefined;

afterAll(async () => {
  await behindProxy?.stop();
});

// Other files sign up from this same loopback address: start each test with fresh buckets.
beforeEach(async () => {
  await withDb(dbUrl, (c) => c.query(`DELETE FROM rate_limit_buckets WHERE key LIKE 'signup-address:%'`));
});

let n = 0;

/** Posts the sign-up form as a browser without JavaScript would; "ok", "limited" or the page's error. */
async function signUp(appUrl: string, headers: Record<string, string>): Promise<string> {
  const page = await fetch(`${appUrl}/signup`, { headers });
  const form = new FormData();
  for (const [name, value] of formFieldsFromHtml(await page.text(), "data-signup-form")) form.append(name, value);
  const handle = `xff-${process.pid}-${++n}`;
  form.set("email", `${handle}@example.org`);
  form.set("handle", handle);
  form.set("password", "client-address-password");
  const res = await fetch(`${appUrl}/signup`, { method: "POST", body: form, headers: { origin: appUrl, ...headers }, redirect: "manual" });
  if (res.status === 303) return "ok";
  const html = await res.text();
  if (html.includes("Too many sign-ups from your network")) return "limited";
  return `status ${res.status}: ${/data-(?:form|field)-error[^>]*>([^<]*)/.exec(html)?.[1] ?? "no message"}`;
}

describe("the per-address sign-up limit", () => {
  it("holds against a client that sends its own X-Forwarded-For when no proxy is trusted (the default)", async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 7; i++) {
      outcomes.push(await signUp(baseUrl, { "x-forwarded-for": `203.0.113.${i + 1}`, "x-readahead-client-address": `198.51.100.${i + 1}` }));
    }
    expect(outcomes).toEqual([...Array(5).fill("ok"), "limited", "limited"]);
  });

  it("counts each forwarded client separately behind one trusted proxy", async () => {
    behindProxy = await startApp({ DATABASE_URL: dbUrl, TRUSTED_PROXY_HOPS: "1" });
    const viaProxy = (client: string) => ({ "x-forwarded-for": client });
    const first: string[] = [];
    for (let i = 0; i < 6; i++) first.push(await signUp(behindProxy.baseUrl, viaProxy("198.51.100.10")));
    expect(first).toEqual([...Array(5).fill("ok"), "limited"]);
    // Another reader behind the same proxy is not held back by the first one's limit...
    expect(await signUp(behindProxy.baseUrl, viaProxy("198.51.100.11"))).toBe("ok");
    // ...and what the client itself prepended does not change whose bucket it is.
    expect(await signUp(behindProxy.baseUrl, viaProxy("203.0.113.99, 198.51.100.10"))).toBe("limited");
  });
});
