// The fixture server is shared by the worker tests and the ingest benchmark: prove
// its aliases, validators, hit counts and transforms behave as documented.
import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchFeed } from "../../lib/feeds/fetch";
import { startFixtureServer, type FixtureServer } from "../helpers/fixture-server";
import { REAL_FEEDS_DIR } from "../helpers/corpus";

const REAL = REAL_FEEDS_DIR;
const OPTS = { allowCidrs: "127.0.0.1/32", timeoutMs: 10_000 };
let fx: FixtureServer;
let files: string[];

beforeAll(async () => {
  fx = await startFixtureServer();
  files = fx.serveDir("/real", REAL).filter((f) => !/UPSTREAM/.test(f));
  fx.serveDir("/tagged", REAL, {
    validators: false,
    transform: (body, { alias }) => body.toString("latin1").replaceAll("<title>", `<title>[${alias ?? "none"}] `),
  });
});
afterAll(async () => {
  await fx.close();
});

describe("fixture server", () => {
  it("lists the 30 real corpus feeds", () => {
    expect(files).toHaveLength(30);
    expect(files).toContain("miniflux/large_rss.xml");
  });

  it("serves one cached file under many alias URLs, each with validators and 304s", async () => {
    const rel = "miniflux/large_rss.xml";
    const bytes = readFileSync(path.join(REAL, rel));
    const first = await fetchFeed(fx.url(`/real/~a1/${rel}`), OPTS);
    const second = await fetchFeed(fx.url(`/real/~a2/${rel}`), OPTS);
    if (first.kind !== "ok" || second.kind !== "ok") throw new Error(`unexpected ${first.kind}/${second.kind}`);
    expect(first.body.equals(bytes)).toBe(true);
    expect(second.body.equals(bytes)).toBe(true);
    expect(first.etag).toBe(second.etag);
    expect(await fetchFeed(fx.url(`/real/~a1/${rel}`), { ...OPTS, etag: first.etag })).toMatchObject({ kind: "not_modified" });
    expect(fx.hits(`/real/~a1/${rel}`)).toBe(2);
    expect(fx.hits(`/real/~a2/${rel}`)).toBe(1);
  });

  it("serves the plain path and guesses content types", async () => {
    const json = await fetchFeed(fx.url("/real/feedjira/json_feed.json"), OPTS);
    expect(json).toMatchObject({ kind: "ok", contentType: "application/feed+json" });
  });

  it("applies a per-alias transform and can omit validators", async () => {
    const r = await fetchFeed(fx.url("/tagged/~src7/rss-parser/guardian.rss"), { ...OPTS, etag: '"anything"' });
    if (r.kind !== "ok") throw new Error(`unexpected ${r.kind}`);
    expect(r.etag).toBeNull();
    expect(r.body.toString("latin1")).toContain("<title>[src7] ");
  });

  it("answers 404 for unknown paths and for paths escaping the directory", async () => {
    expect(await fetchFeed(fx.url("/real/nope.xml"), OPTS)).toMatchObject({ kind: "http_error", status: 404 });
    // Raw request: a URL parser would fold the dots before they reach the server.
    const status = await new Promise<number>((resolve, reject) => {
      http
        .get(`${fx.origin}/real/..%2F..%2FREADME.md`, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on("error", reject);
    });
    expect(existsSync(path.join(REAL, "../../README.md"))).toBe(true);
    expect(status).toBe(404);
  });
});
