// GET /api/health is public: when the database is down it says "down" and keeps
// the driver's error (host names, database names, user names) for the log.
import { afterAll, describe, expect, it, vi } from "vitest";
import { resetEnvCache } from "../../lib/env";
import { log } from "../../lib/log";

// A database that does not exist on a server that does: Postgres answers with
// an error naming it, which is exactly what must not reach the response.
const fileDatabaseUrl = process.env.DATABASE_URL!;
const missing = new URL(fileDatabaseUrl);
missing.pathname = "/readahead_health_no_such_database";
process.env.DATABASE_URL = missing.toString();
resetEnvCache();
const { GET } = await import("../../app/api/health/route");

afterAll(() => {
  // file-db.ts disconnects and drops this file's own database.
  process.env.DATABASE_URL = fileDatabaseUrl;
  resetEnvCache();
});

describe("GET /api/health with the database down", () => {
  it("answers 503 and \"down\" without the database's error, and logs the detail", async () => {
    const logged = vi.spyOn(log, "error");
    const res = await GET();
    expect(res.status).toBe(503);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("retry-after")).toBe("5");
    const text = await res.text();
    const body = JSON.parse(text) as { ok: boolean; down: string[]; database: { ok: boolean; status: string }; worker: { status: string } };
    expect(body.ok).toBe(false);
    expect(body.down).toEqual(["database"]);
    expect(body.database).toEqual({ ok: false, status: "down" });
    // Heartbeats live in the database: with it down, nothing is known of the workers.
    expect(body.worker.status).toBe("unknown");
    expect(text).not.toContain("readahead_health_no_such_database");
    expect(text).not.toMatch(/does not exist|postgres/i);
    const logLines = logged.mock.calls.map((call) => JSON.stringify(call, (_k, v: unknown) => (v instanceof Error ? v.message : v)));
    expect(logLines.join("\n")).toContain("readahead_health_no_such_database");
    logged.mockRestore();
  });
});
