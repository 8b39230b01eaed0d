/**
 * The driver adapter used by the Prisma CLI only (migrate diff/deploy/reset).
 *
 * Prisma 6.19's pg adapter cannot deserialize the catalog column types `name`
 * (OID 19) and `"char"` (OID 18) that the migration engine's introspection queries
 * return. This client reports both as `text` (OID 25) in the result metadata, in the
 * promise and the callback form of `query`. The app's runtime client does not need it.
 */
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";

const TEXT_OID = 25;
const UNREADABLE_OIDS = new Set([18, 19]);

function relabelFields(result: unknown): unknown {
  const results = Array.isArray(result) ? result : [result];
  for (const r of results) {
    const fields = (r as pg.QueryResult | undefined)?.fields;
    if (!fields) continue;
    for (const f of fields) if (UNREADABLE_OIDS.has(f.dataTypeID)) f.dataTypeID = TEXT_OID;
  }
  return result;
}

class CatalogFriendlyClient extends pg.Client {
  // pg's query has many overloads; we only intercept the result on its way out.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const last = args[args.length - 1];
    if (typeof last === "function") {
      args[args.length - 1] = (err: Error | null, res: unknown) => last(err, err ? res : relabelFields(res));
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return (super.query as any)(...args);
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const out = (super.query as any)(...args);
    return out && typeof out.then === "function" ? out.then(relabelFields) : out;
  }
}

/** Builds the CLI's adapter from a connection URL, as discrete fields (see below). */
export function cliAdapterFactory(databaseUrl: string): PrismaPg {
  // Discrete fields, not a connectionString: with a connectionString the shadow
  // database silently points at the main one.
  const u = new URL(databaseUrl);
  return new PrismaPg({
    host: decodeURIComponent(u.hostname),
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username || "postgres"),
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres",
    Client: CatalogFriendlyClient as unknown as typeof pg.Client,
    // Without this every CLI command idles 10 s waiting for the pool to drain.
    idleTimeoutMillis: 100,
  });
}
