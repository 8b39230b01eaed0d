import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";

async function makeArticle() {
  const source = await db.source.create({
    data: { slug: `s-${Math.random().toString(36).slice(2, 8)}`, title: "S", feedUrl: `http://127.0.0.1/${Math.random()}` },
  });
  return db.article.create({
    data: { sourceId: source.id, entryKey: "k1", title: "T", publishedAt: new Date(), contentHash: "x" },
  });
}

describe("the schema", () => {
  it("enforces one vote per user per article", async () => {
    const article = await makeArticle();
    const user = await db.user.create({ data: { handle: "ada", email: "ada@example.org" } });
    await db.vote.create({ data: { userId: user.id, articleId: article.id } });
    await expect(db.vote.create({ data: { userId: user.id, articleId: article.id } })).rejects.toMatchObject({
      code: "P2002",
    });
    expect(await db.vote.count({ where: { articleId: article.id } })).toBe(1);
  });

  it("keeps entry keys unique per source but not across sources", async () => {
    const a = await makeArticle();
    await expect(
      db.article.create({ data: { sourceId: a.sourceId, entryKey: "k1", title: "dup", publishedAt: new Date(), contentHash: "y" } }),
    ).rejects.toMatchObject({ code: "P2002" });
    const b = await makeArticle(); // another source, same entry key
    expect(b.entryKey).toBe(a.entryKey);
  });

  it("maintains the full-text search vector with the title weighted over the excerpt", async () => {
    const a = await makeArticle();
    await db.article.update({ where: { id: a.id }, data: { title: "Quantum compilers", excerpt: "about lasers" } });
    const rows = await db.$queryRaw<{ id: number; rank: number }[]>`
      SELECT id, ts_rank(search, websearch_to_tsquery('english', 'quantum')) AS rank
      FROM articles WHERE search @@ websearch_to_tsquery('english', 'quantum')`;
    expect(rows.map((r) => r.id)).toEqual([a.id]);
    const lasers = await db.$queryRaw<{ rank: number }[]>`
      SELECT ts_rank(search, websearch_to_tsquery('english', 'lasers')) AS rank FROM articles WHERE id = ${a.id}`;
    expect(rows[0]!.rank).toBeGreaterThan(lasers[0]!.rank);
  });

  it("indexes every foreign key that references articles, so deleting an article never scans a table", async () => {
    // Each referencing column must lead some index (partial ones count when they cover
    // every non-NULL value). Without one, each deleted article ran a sequential scan.
    const rows = await db.$queryRaw<{ fk: string; table: string; column: string; indexed: boolean }[]>`
      SELECT c.conname::text AS fk, c.conrelid::regclass::text AS "table", a.attname::text AS "column",
             EXISTS (
               SELECT 1 FROM pg_index i
                WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1]
                  AND (i.indpred IS NULL OR pg_get_expr(i.indpred, i.indrelid) LIKE '%IS NOT NULL%')
             ) AS indexed
        FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       WHERE c.contype = 'f' AND c.confrelid = 'articles'::regclass`;
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(rows.filter((r) => !r.indexed).map((r) => `${r.table}.${r.column}`)).toEqual([]);
  });
});
