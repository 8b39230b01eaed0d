/**
 * Recognising database errors that callers answer differently from a failure,
 * whichever layer raised them: pg itself (error.code), or Prisma's driver adapter
 * (a P2010 whose meta carries the driver's error).
 */

// SQLSTATE 57014 query_canceled: the statement timeout, or pg_cancel_backend().
const QUERY_CANCELED = "57014";

/** Whether `err` is a statement cancelled by statement_timeout (see lib/db/pool.ts). */
export function isStatementTimeout(err: unknown): boolean {
  if (!err || typeof err !== "object") return false;
  const e = err as { code?: unknown; message?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; code?: unknown } } } };
  const cause = e.meta?.driverAdapterError?.cause;
  const code = cause?.originalCode ?? cause?.code ?? e.code;
  return code === QUERY_CANCELED && typeof e.message === "string" && e.message.includes("statement timeout");
}
