// The binary array parameters against a real server: what Postgres reads back must be
// exactly what was sent, for the strings a text literal would have had to escape.
import { afterAll, describe, expect, it } from "vitest";
import { pgPool } from "../../lib/db/pool";
import { float8ArrayParam, int4ArrayParam, textArrayParam } from "../../lib/db/binary-array";

afterAll(() => pgPool.end());

describe("binary array parameters through Postgres", () => {
  it("round-trips text, NULLs and characters a text literal must escape", async () => {
    const values = ['quote " here', "back\\slash", "{braces,commas}", "NULL", "", null, "tab\tand\nnewline", "日本語 🦊", "x".repeat(200_000)];
    const { rows } = await pgPool.query<{ v: string | null; n: string }>(
      `SELECT v, n FROM unnest($1::text[]) WITH ORDINALITY AS x(v, n) ORDER BY n`,
      [textArrayParam(values)],
    );
    expect(rows.map((r) => r.v)).toEqual(values);
  });

  it("reads int4, float8, text cast on to varchar, and empty arrays", async () => {
    const { rows } = await pgPool.query<{ a: string[]; b: number[]; c: number[]; d: number }>(
      `SELECT $1::text[]::varchar(5)[] AS a, $2::int[] AS b, $3::float8[] AS c, cardinality($4::text[]) AS d`,
      [textArrayParam(["abc"]), int4ArrayParam([-2147483648, 0, 7]), float8ArrayParam([0.5, -1e-9]), textArrayParam([])],
    );
    expect(rows[0]).toEqual({ a: ["abc"], b: [-2147483648, 0, 7], c: [0.5, -1e-9], d: 0 });
  });

  it("is refused with a clear error when the element type does not match the cast", async () => {
    await expect(pgPool.query(`SELECT $1::text[]`, [int4ArrayParam([1])])).rejects.toThrow(/element type 23 \(integer\) instead of expected 25 \(text\)/);
  });
});
