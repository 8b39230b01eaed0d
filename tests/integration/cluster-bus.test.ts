// The cluster bus on a real Postgres: what another process announces reaches this
// one's page store and data cache, a flood of announcements stays a few emptyings,
// and a listening connection the server drops is replaced, with everything cached
// meanwhile treated as invalid.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getEnv } from "../../lib/env";
import { announceArticlesChanged, INVALIDATION_CHANNEL, startInvalidationListener, type InvalidationListener } from "../../lib/page-cache/cluster-bus";
import { decodeInvalidation, type Invalidation } from "../../lib/page-cache/invalidation-message";
import DataCacheHandler from "../../lib/page-cache/data-cache-handler.mjs";
import { sharedPages, type StoredPage } from "../../lib/page-cache/store";

let listener: InvalidationListener;
let other: pg.Client;
const data = new DataCacheHandler();
const FETCH = { kind: "FETCH", tags: ["articles"], softTags: ["_N_T_/"] };
let renders = 0;
const render = async (): Promise<StoredPage> => ({ status: 200, headers: [], body: new TextEncoder().encode(`render ${++renders}`) });

async function until(what: string, ok: () => Promise<boolean> | boolean, withinMs = 10_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Stores a page and a datum the way a reader's request would. */
async function fill(): Promise<void> {
  // A paced trailing emptying may still be due: read until the page is stored.
  await until("a stored page", async () => (await sharedPages().get("/", render)).state === "hit");
  // A datum is stamped with the time its read first missed; one read in the same
  // millisecond as an emptying counts as stale (the handler errs towards rendering
  // again), so store until a read keeps it, as the next request would.
  await until("a cached datum", async () => {
    await data.get("hot", FETCH);
    await data.set("hot", { kind: "FETCH", data: { body: "[]", headers: {}, status: 200 }, revalidate: 30 }, { tags: ["articles"] });
    await new Promise((r) => setTimeout(r, 5));
    return (await data.get("hot", FETCH)) !== null;
  });
}

/** Whether the next read of "/" renders again (the store was emptied, at once or by its trailing clear). */
async function pageWasForgotten(): Promise<boolean> {
  return (await sharedPages().get("/", render)).state === "miss";
}

const notify = (payload: object) => other.query("SELECT pg_notify($1, $2)", [INVALIDATION_CHANNEL, JSON.stringify({ v: 1, ...payload })]);

beforeAll(async () => {
  listener = startInvalidationListener(getEnv().DATABASE_URL);
  other = new pg.Client({ connectionString: getEnv().DATABASE_URL });
  await other.connect();
  await until("the listener", () => listener.isListening);
});
afterAll(async () => {
  await listener?.stop();
  await other?.end();
});

describe("the cluster bus", () => {
  it("applies another process's announcement to this process's page store and data cache", async () => {
    await fill();
    await notify({ from: "web-b", pages: true, tags: ["articles"] });
    await until("the data to expire", async () => (await data.get("hot", FETCH)) === null);
    await until("the store to be emptied", pageWasForgotten);
  });

  it("empties the page store a few times, not once per notification, under a flood of them", async () => {
    await fill();
    const marker = { kind: "FETCH", tags: ["flood-marker"] };
    await data.get("marker", marker);
    await data.set("marker", { kind: "FETCH", data: { body: "1", headers: {}, status: 200 }, revalidate: 30 }, { tags: ["flood-marker"] });
    await new Promise((r) => setTimeout(r, 5));
    const clear = vi.spyOn(sharedPages(), "clear");
    try {
      for (let i = 0; i < 500; i++) await notify({ from: `web-${i % 7}`, pages: true, tags: [] });
      // The flood has been received when a marker sent after it has (one connection delivers in order).
      await notify({ from: "web-x", pages: false, tags: ["flood-marker"] });
      await until("the flood to be received", async () => (await data.get("marker", marker)) === null);
      // The pacer (three at once, then one per 2 s): at most its burst plus one trailing emptying.
      expect(clear.mock.calls.length).toBeLessThanOrEqual(4);
    } finally {
      clear.mockRestore();
    }
  });

  it("replaces a listening connection the server dropped, and drops what it holds, since announcements were missed", async () => {
    await fill();
    const killed = await other.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'readahead-invalidation-listener' AND datname = current_database()`,
    );
    expect(killed.rowCount).toBe(1);
    await until("the listener to notice", () => !listener.isListening);
    await until("the listener to listen again", () => listener.isListening);
    expect(await data.get("hot", FETCH)).toBeNull();
    await until("the store to be emptied", pageWasForgotten);

    // And it hears announcements again.
    await fill();
    await notify({ from: "web-b", pages: true, tags: ["articles"] });
    await until("the data to expire", async () => (await data.get("hot", FETCH)) === null);
    await until("the store to be emptied", pageWasForgotten);
  });

  it("announces a worker's new articles to the web processes, at most once per 5 s with a trailing announcement", async () => {
    const heard: { inv: Invalidation }[] = [];
    const onNotification = (msg: pg.Notification) => {
      const inv = msg.channel === INVALIDATION_CHANNEL ? decodeInvalidation(msg.payload) : null;
      if (inv?.tags.includes("articles")) heard.push({ inv });
    };
    other.on("notification", onNotification);
    await other.query(`LISTEN ${INVALIDATION_CHANNEL}`);
    try {
      for (let i = 0; i < 50; i++) announceArticlesChanged(); // fifty polls with new articles in a row
      await until("the first announcement", () => heard.length === 1);
      expect(heard[0]!.inv).toMatchObject({ pages: true, tags: ["articles"], all: false });
      // The other 49 ride on one trailing announcement (due 5 s after the first).
      await until("the trailing announcement", () => heard.length === 2, 10_000);
      await new Promise((r) => setTimeout(r, 500));
      expect(heard).toHaveLength(2);
    } finally {
      other.removeListener("notification", onNotification);
      await other.query(`UNLISTEN ${INVALIDATION_CHANNEL}`);
    }
  });
});
