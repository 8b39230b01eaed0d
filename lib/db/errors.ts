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

// Node socket errors meaning the server cannot be reached or the connection broke.
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);
// SQLSTATEs of a server that is going away or not there yet: 57P01 admin_shutdown (a
// restart or pg_terminate_backend), 57P02 crash_shutdown, 57P03 cannot_connect_now
// (starting up or shutting down), 53300 too_many_connections; class 08 is
// "connection exception".
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);
// Prisma's codes for the same: P1001 can't reach the server, P1002 and P1008 timed out,
// P1017 the server closed the connection.
const PRISMA_UNAVAILABLE = new Set(["P1001", "P1002", "P1008", "P1017"]);
// What Prisma's pg adapter calls a socket failure (its DriverAdapterError kinds).
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout"]);
// pg and pg-pool raise these as plain Errors without a code.
const UNAVAILABLE_MESSAGES = [
  "Connection terminated unexpectedly",
  "Connection terminated due to connection timeout",
  "timeout exceeded when trying to connect",
  "Client has encountered a connection error and is not queryable",
  "Can't reach database server",
  "Server has closed the connection",
];

/**
 * Whether `err` says the database cannot be reached right now (down, restarting,
 * refusing connections, or the connection broke), as opposed to a query that failed.
 * Looks through Prisma's wrapping (meta.driverAdapterError, cause) and AggregateErrors.
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== "object" || depth > 5) return false;
  const e = err as {
    code?: unknown;
    kind?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
    meta?: { driverAdapterError?: unknown };
  };
  const code = typeof e.code === "string" ? e.code : "";
  if (SOCKET_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || PRISMA_UNAVAILABLE.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
  if (typeof e.message === "string" && UNAVAILABLE_MESSAGES.some((m) => (e.message as string).includes(m))) return true;
  if (e.cause !== undefined && isDatabaseUnavailable(e.cause, depth + 1)) return true;
  if (e.meta?.driverAdapterError !== undefined && isDatabaseUnavailable(e.meta.driverAdapterError, depth + 1)) return true;
  return Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1));
}
