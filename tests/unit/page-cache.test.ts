import { describe, expect, it } from "vitest";
import { isSharedPageRequest, PRIVATE_CACHE_CONTROL, SHARED_PAGE_CACHE_CONTROL, SHARED_PAGE_VARY, sharedPageKey, storableHeaders, storedPageCacheControl } from "../../lib/page-cache/policy";
import { InvalidationPacer } from "../../lib/page-cache/pacer";
import { PageStore, type StoredPage } from "../../lib/page-cache/store";

const page = (text: string): StoredPage => ({ status: 200, headers: [["content-type", "text/html"]], body: new TextEncoder().encode(text) });
const text = (p: StoredPage | null) => (p ? new TextDecoder().decode(p.body) : null);

function storeAt(clock: { t: number }, maxEntries = 10, maxBytes = 1000) {
  return new PageStore({ freshMs: 1000, staleMs: 4000, maxEntries, maxBytes, clearBurst: 2, clearIntervalMs: 500 }, () => clock.t);
}

describe("PageStore", () => {
  it("renders once, serves the copy while fresh, the stale copy while one refill runs, and renders again when expired", async () => {
    const clock = { t: 0 };
    const store = storeAt(clock);
    let renders = 0;
    const load = async () => page(`render ${++renders}`);
    expect(await store.get("/", load)).toMatchObject({ state: "miss" });
    clock.t = 900;
    const fresh = await store.get("/", load);
    expect([fresh.state, text(fresh.page), renders]).toEqual(["hit", "render 1", 1]);
    clock.t = 2000;
    const stale = await store.get("/", load);
    expect([stale.state, text(stale.page)]).toEqual(["stale", "render 1"]);
    await Promise.resolve();
    await Promise.resolve();
    expect(renders).toBe(2);
    expect(text((await store.get("/", load)).page)).toBe("render 2");
    clock.t = 10_000;
    const expired = await store.get("/", load);
    expect([expired.state, text(expired.page), renders]).toEqual(["miss", "render 3", 3]);
  });

  it("shares one render among concurrent readers of the same page", async () => {
    const store = storeAt({ t: 0 });
    let renders = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const load = async () => {
      renders++;
      await gate;
      return page("once");
    };
    const all = Promise.all([store.get("/a", load), store.get("/a", load), store.get("/a", load)]);
    release();
    expect((await all).map((r) => text(r.page))).toEqual(["once", "once", "once"]);
    expect(renders).toBe(1);
  });

  it("keeps nothing the loader refuses, and drops a render that started before clear()", async () => {
    const store = storeAt({ t: 0 });
    expect(await store.get("/x", async () => null)).toEqual({ page: null, state: "miss" });
    expect(store.size).toBe(0);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const pending = store.get("/y", async () => {
      await gate;
      return page("before the vote");
    });
    store.clear();
    release();
    expect(text((await pending).page)).toBe("before the vote");
    expect(store.size).toBe(0);
  });

  it("forgets the least recently used page past maxEntries", async () => {
    const store = storeAt({ t: 0 }, 2);
    await store.get("/1", async () => page("1"));
    await store.get("/2", async () => page("2"));
    await store.get("/1", async () => page("1 again"));
    await store.get("/3", async () => page("3"));
    expect(store.size).toBe(2);
    expect((await store.get("/1", async () => page("1 again"))).state).toBe("hit");
    expect((await store.get("/2", async () => page("2 again"))).state).toBe("miss");
  });

  it("keeps the bytes held under maxBytes, forgetting the least recently used pages first", async () => {
    const store = storeAt({ t: 0 }, 100, 25);
    await store.get("/1", async () => page("x".repeat(10)));
    await store.get("/2", async () => page("y".repeat(10)));
    await store.get("/3", async () => page("z".repeat(10)));
    expect([store.size, store.byteSize]).toEqual([2, 20]);
    expect((await store.get("/1", async () => page("again"))).state).toBe("miss");
    store.clear();
    expect([store.size, store.byteSize]).toEqual([0, 0]);
  });
});

describe("InvalidationPacer", () => {
  type Step = [at: number, op: "change" | "due?", expected: string];
  // burst 2, one more per 1,000 ms; "now" = invalidate at once, "trailing@T" = one
  // invalidation is due at T (new), "joins@T" = this change rides with it.
  it.each<[string, Step[]]>([
    ["a quiet change runs at once", [[0, "change", "now"], [5000, "change", "now"]]],
    ["a burst runs at once, then one trailing run takes the rest", [
      [0, "change", "now"], [10, "change", "now"], [20, "change", "trailing@1000"], [30, "change", "joins@1000"], [999, "due?", "no"], [1000, "due?", "yes"], [1001, "due?", "no"],
    ]],
    ["after the trailing run, the allowance refills at one per interval", [
      [0, "change", "now"], [0, "change", "now"], [0, "change", "trailing@1000"], [1000, "due?", "yes"], [1500, "change", "trailing@2000"], [2000, "due?", "yes"], [5000, "change", "now"], [5000, "change", "now"],
    ]],
    ["an overdue trailing run nobody took runs with the next change", [
      [0, "change", "now"], [0, "change", "now"], [0, "change", "trailing@1000"], [4000, "change", "now"], [4001, "due?", "no"],
    ]],
  ])("%s", (_what, steps) => {
    const clock = { t: 0 };
    const pacer = new InvalidationPacer({ burst: 2, intervalMs: 1000 }, () => clock.t);
    const seen = steps.map(([at, op]) => {
      clock.t = at;
      if (op === "due?") return pacer.takeDue() ? "yes" : "no";
      const r = pacer.request();
      return r.runNow ? "now" : `${r.isNew ? "trailing" : "joins"}@${r.dueAt}`;
    });
    expect(seen).toEqual(steps.map((s) => s[2]));
  });

  it("runs a loop of 1,000 changes over 10 s at most burst + 10 s / interval times, and once more after the last", () => {
    const clock = { t: 0 };
    const pacer = new InvalidationPacer({ burst: 3, intervalMs: 1000 }, () => clock.t);
    let runs = 0;
    let lastRunAt = -1;
    for (let i = 0; i < 1000; i++) {
      clock.t = i * 10;
      if (pacer.takeDue() || pacer.request().runNow) {
        runs++;
        lastRunAt = clock.t;
      }
    }
    const lastChangeAt = clock.t;
    expect(runs).toBeLessThanOrEqual(3 + 10);
    clock.t += 1000;
    if (pacer.takeDue()) lastRunAt = clock.t;
    expect(lastRunAt).toBeGreaterThanOrEqual(lastChangeAt);
  });
});

describe("PageStore.forget", () => {
  it("empties the store at once for a change after a quiet spell", async () => {
    const clock = { t: 0 };
    const store = storeAt(clock);
    await store.get("/", async () => page("before"));
    clock.t = 10;
    store.forget();
    expect((await store.get("/", async () => page("after"))).state).toBe("miss");
  });

  it("keeps serving readers while a loop of changes runs, and shows the last change once its trailing clear is due", async () => {
    const clock = { t: 0 };
    const store = storeAt(clock);
    let renders = 0;
    const load = async () => page(`render ${++renders}`);
    await store.get("/", load);
    const states: string[] = [];
    // 1,000 changes in 400 ms (well inside the 1,000 ms freshness), a reader between each.
    for (let i = 0; i < 1000; i++) {
      clock.t = 1 + i * 0.4;
      store.forget();
      states.push((await store.get("/", load)).state);
    }
    // burst 2, then one trailing clear due 500 ms after the allowance ran out.
    expect(states.filter((s) => s === "miss").length).toBeLessThanOrEqual(2);
    expect(states.at(-1)).toBe("hit");
    const rendersDuringLoop = renders;
    clock.t = 1000;
    expect((await store.get("/", load)).state).toBe("miss");
    expect(renders).toBe(rendersDuringLoop + 1);
  });
});

describe("isSharedPageRequest", () => {
  const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";
  it.each([
    ["a logged-out reader", "GET", "/", "", {}, true],
    ["a reader with an unrelated cookie", "GET", "/new", "", { cookie: "theme=dark; next-auth.csrf-token=x" }, true],
    ["a member", "GET", "/", "", { cookie: "a=1; next-auth.session-token=abc" }, false],
    ["a member over https", "GET", "/", "", { cookie: "__Secure-next-auth.session-token=abc" }, false],
    ["a pending notice", "GET", "/a/1/x", "", { cookie: "ra-notice=%7B%7D" }, false],
    ["a post", "POST", "/a/1/x", "", {}, false],
    ["a server action", "GET", "/", "", { "next-action": "abc" }, false],
    ["a client navigation", "GET", "/", "", { rsc: "1" }, false],
    ["a prefetch", "GET", "/", "", { "next-router-prefetch": "1" }, false],
    ["an RSC query", "GET", "/", "_rsc=abc", {}, false],
    ["a feed", "GET", "/s/x/rss.xml", "", {}, false],
    ["a crawler", "GET", "/", "", { "user-agent": "Mozilla/5.0 (compatible; Googlebot/2.1)" }, false],
    ["a browser's page load", "GET", "/", "", { "sec-fetch-dest": "document" }, true],
    ["a reset link's page (spent by its use, a secret in its path)", "GET", "/reset/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "", {}, false],
    ["the page that asks for a reset link", "GET", "/reset", "", {}, true],
    ["an agent's claim page (spent by its use, a secret in its path)", "GET", "/claim/rhc_abcdefghijklmnopqrstuvwxyz012345", "", {}, false],
    ["a browser's fetch (the router's, whatever Next left of its headers)", "GET", "/", "", { "sec-fetch-dest": "empty" }, false],
  ])("%s", (_name, method, path, query, headers, expected) => {
    const h = new Headers({ "user-agent": BROWSER, ...headers });
    expect(isSharedPageRequest(method, path, new URLSearchParams(query), h)).toBe(expected);
  });
});

describe("storableHeaders", () => {
  it("stores complete HTML pages with their policy, without their length, encoding or date", () => {
    const csp = "script-src 'nonce-abc'";
    const h = new Headers({ "content-type": "text/html; charset=utf-8", "content-length": "10", "content-encoding": "gzip", date: "x", vary: "rsc", "content-security-policy": csp });
    expect(storableHeaders(200, h)).toEqual([
      ["content-security-policy", csp],
      ["content-type", "text/html; charset=utf-8"],
      ["vary", "rsc"],
    ]);
  });
  it.each([
    ["a redirect", 308, { "content-type": "text/html" }],
    ["not found", 404, { "content-type": "text/html" }],
    ["a page that sets a cookie", 200, { "content-type": "text/html", "set-cookie": "a=1" }],
    ["JSON", 200, { "content-type": "application/json" }],
  ])("refuses %s", (_name, status, headers) => {
    expect(storableHeaders(status, new Headers({ "content-security-policy": "script-src 'nonce-abc'", ...headers }))).toBeNull();
  });
  it("refuses a page without its Content-Security-Policy (its scripts carry a nonce only that header names)", () => {
    expect(storableHeaders(200, new Headers({ "content-type": "text/html" }))).toBeNull();
  });
});

describe("sharedPageKey", () => {
  const key = (url: string) => {
    const u = new URL(url, "http://x");
    return sharedPageKey(u.pathname, u.searchParams);
  };
  it("keeps the parameters pages read, first value each, in a fixed order", () => {
    expect(key("/")).toBe("/");
    expect(key("/new?after=abc")).toBe("/new?after=abc");
    expect(key("/top?after=x&t=week")).toBe("/top?after=x&t=week");
    expect(key("/top?t=week&after=x")).toBe("/top?after=x&t=week");
    expect(key("/search?page=2&q=rust+async")).toBe("/search?q=rust+async&page=2");
    expect(key("/a/1/x?comments_after=5&comments=best")).toBe("/a/1/x?comments=best&comments_after=5");
    expect(key("/t/rust?after=a&after=b")).toBe("/t/rust?after=a");
    expect(key("/login?next=%2Fa%2F1%2Fx")).toBe("/login?next=%2Fa%2F1%2Fx");
  });
  it("drops every other parameter, so junk cannot make new entries", () => {
    expect(key("/?x=1")).toBe("/");
    expect(key("/?utm_source=feed&fbclid=abc")).toBe("/");
    expect(key("/new?after=abc&x=2")).toBe("/new?after=abc");
    expect(new Set(Array.from({ length: 600 }, (_, i) => key(`/?junk${i}=${i}`))).size).toBe(1);
  });
  it("keeps an empty value apart from an absent one (a page may read it)", () => {
    expect(key("/search?q=")).toBe("/search?q=");
  });
});

// The guard on PAGE_PARAMS: every parameter a page reads must be in the store's key.
describe("sharedPageKey covers what the pages read", () => {
  it("keeps each searchParams name the app's pages and components use", async () => {
    const { readdirSync, readFileSync, statSync } = await import("node:fs");
    const path = await import("node:path");
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = path.join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith(".tsx") || p.endsWith(".ts")) files.push(p);
      }
    };
    walk("app");
    walk("components");
    const read = new Set<string>();
    for (const f of files) {
      const src = readFileSync(f, "utf8");
      for (const m of src.matchAll(/\bsp\.(\w+)|\(await searchParams\)\.(\w+)|params\.get\("(\w+)"\)/g)) read.add(m[1] ?? m[2] ?? m[3] ?? "");
    }
    expect(read.size).toBeGreaterThan(3);
    for (const name of read) expect(sharedPageKey("/p", new URLSearchParams([[name, "v"]])), name).toBe(`/p?${name}=v`);
  });
});

describe("headers for shared caches", () => {
  it.each([
    ["/", SHARED_PAGE_CACHE_CONTROL],
    ["/a/1/title", SHARED_PAGE_CACHE_CONTROL],
    ["/search", SHARED_PAGE_CACHE_CONTROL],
    ["/login", PRIVATE_CACHE_CONTROL],
    ["/signup", PRIVATE_CACHE_CONTROL],
    ["/login/x", PRIVATE_CACHE_CONTROL],
    ["/loginx", SHARED_PAGE_CACHE_CONTROL],
  ])("a stored %s is served with %s", (path, expected) => {
    expect(storedPageCacheControl(path)).toBe(expected);
  });

  it("vary on every header that decides whether a page is shared, short enough for nginx to store (< 128 characters)", () => {
    const varied = SHARED_PAGE_VARY.toLowerCase().split(/,\s*/);
    for (const header of ["cookie", "rsc", "next-router-prefetch", "next-router-state-tree", "next-router-segment-prefetch", "sec-fetch-dest", "accept-encoding"]) expect(varied).toContain(header);
    expect(SHARED_PAGE_VARY.length).toBeLessThan(128);
  });
});
