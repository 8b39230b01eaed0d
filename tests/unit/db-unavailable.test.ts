// Which failures mean "the database is unreachable" (answered 503, waited out by the
// worker) and which are ordinary query errors (answered 500, retried by the job queue).
import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable, isStatementTimeout } from "../../lib/db/errors";

const withCode = (code: string, message = "x") => Object.assign(new Error(message), { code });
// How Prisma's client wraps a driver adapter failure (P2010 / P1001 carry it in meta).
const prismaWrapped = (code: string, cause: object) => Object.assign(new Error("prisma"), { code, meta: { driverAdapterError: { name: "DriverAdapterError", cause } } });

describe("isDatabaseUnavailable", () => {
  const unavailable: [string, unknown][] = [
    ["connection refused", withCode("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432")],
    ["both addresses refused (AggregateError)", Object.assign(new AggregateError([withCode("ECONNREFUSED"), withCode("ECONNREFUSED")], ""), { code: "ECONNREFUSED" })],
    ["refusals inside an AggregateError without its own code", new AggregateError([withCode("ECONNREFUSED")], "")],
    ["connection reset", withCode("ECONNRESET")],
    ["57P01 admin_shutdown (a restart)", withCode("57P01", "terminating connection due to administrator command")],
    ["57P03 starting up", withCode("57P03", "the database system is starting up")],
    ["53300 too many connections", withCode("53300")],
    ["08006 connection failure", withCode("08006")],
    ["pg: terminated unexpectedly", new Error("Connection terminated unexpectedly")],
    ["pg-pool: connect timeout", new Error("timeout exceeded when trying to connect")],
    ["pg: connection timeout", new Error("Connection terminated due to connection timeout")],
    ["pg: broken client", new Error("Client has encountered a connection error and is not queryable")],
    ["Prisma P1001", withCode("P1001", "Can't reach database server at 127.0.0.1:5432")],
    ["Prisma P1017", withCode("P1017", "Server has closed the connection.")],
    ["Prisma P2010 around 57P01", prismaWrapped("P2010", { kind: "postgres", originalCode: "57P01", code: "57P01" })],
    ["adapter kind DatabaseNotReachable", prismaWrapped("P1001", { kind: "DatabaseNotReachable" })],
    ["a cause chain", Object.assign(new Error("render failed"), { cause: withCode("ECONNREFUSED") })],
  ];
  const other: [string, unknown][] = [
    ["unique violation", withCode("23505", "duplicate key value")],
    ["statement timeout", withCode("57014", "canceling statement due to statement timeout")],
    ["Prisma P2002", withCode("P2002")],
    ["Prisma P2010 around a syntax error", prismaWrapped("P2010", { kind: "postgres", originalCode: "42601" })],
    ["database does not exist", withCode("3D000", 'database "x" does not exist')],
    ["a plain error", new Error("boom")],
    ["not an error", "ECONNREFUSED"],
    ["null", null],
  ];
  it.each(unavailable)("%s: unreachable", (_name, err) => expect(isDatabaseUnavailable(err)).toBe(true));
  it.each(other)("%s: not unreachable", (_name, err) => expect(isDatabaseUnavailable(err)).toBe(false));
  it("a statement timeout stays a statement timeout", () => {
    expect(isStatementTimeout(withCode("57014", "canceling statement due to statement timeout"))).toBe(true);
  });
});
