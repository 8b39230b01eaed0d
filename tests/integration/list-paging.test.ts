// Every list pages by keyset (lib/articles/list-page.ts). For a member's feed, their
// saved articles, search and a member's comments: walking all pages shows every row
// once, in the list's order, with none skipped, also when rows arrive between two page
// loads and when many rows share a sort value; and a cursor that is not one of the
// list's own is refused (the pages answer 404, the API 422).
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { encodeCursor } from "../../lib/articles/cursor";
import { listMemberComments } from "../../lib/comments/queries";
import { db } from "../../lib/db";
import { listSavedArticles } from "../../lib/saved/queries";
import { SEARCH_PAGE_SIZE, searchArticles } from "../../lib/search/queries";
import { listFeedArticles } from "../../lib/subscriptions/queries";
import { makeMember } from "./members-fixtures";

interface Page {
  ids: number[];
  nextCursor: string | null;
  cursorRejected: boolean;
}

/** Walks a list from its first page to its last, calling `between` after each page; returns the ids in order. */
async function walk(load: (cursor?: string) => Promise<Page>, between: (pageIndex: number) => Promise<void> = async () => {}): Promise<{ ids: number[]; pages: number }> {
  const ids: number[] = [];
  let cursor: string | undefined;
  let pages = 0;
  for (;;) {
    const page = await load(cursor);
    expect(page.cursorRejected).toBe(false);
    ids.push(...page.ids);
    pages++;
    if (!page.nextCursor) return { ids, pages };
    expect(pages, "the walk ends").toBeLessThan(100);
    cursor = page.nextCursor;
    await between(pages);
  }
}

const FORGED = [
  "garbage!!", // not base64url
  encodeCursor([1.5]), // too short
  encodeCursor([1, 2, 3]), // too long
  Buffer.from('["not a date", 1]').toString("base64url"),
  Buffer.from('["2026-01-01T00:00:00.000Z", 99999999999]').toString("base64url"), // id past int4
  Buffer.from('["2026-01-01T00:00:00.000Z", 1.5]').toString("base64url"), // id not whole
  "x".repeat(201),
];

async function makeSource(label: string) {
  const tag = randomBytes(4).toString("hex");
  return db.source.create({ data: { slug: `${label}-${tag}`, title: `${label} ${tag}`, feedUrl: `http://127.0.0.1:9/${label}-${tag}.xml` } });
}

let keySeq = 0;
async function addArticle(sourceId: number, title: string, publishedAt: Date, excerpt = "") {
  const key = `k-${keySeq++}-${randomBytes(3).toString("hex")}`;
  return db.article.create({ data: { sourceId, entryKey: key, title, excerpt, publishedAt, contentHash: key }, select: { id: true, publishedAt: true } });
}

describe("my feed", () => {
  let member: { id: string };
  const expected: number[] = [];
  let foreign: number[];

  beforeAll(async () => {
    member = await makeMember();
    const followed = [await makeSource("feed-a"), await makeSource("feed-b"), await makeSource("feed-c")];
    const other = await makeSource("feed-other");
    const base = Date.now() - 86_400_000;
    // 70 articles over three followed sources, many sharing a publishedAt (the id breaks the tie).
    const rows: { id: number; at: number }[] = [];
    for (let i = 0; i < 70; i++) {
      const at = base + Math.floor(i / 4) * 60_000;
      const a = await addArticle(followed[i % 3]!.id, `Feed story ${i}`, new Date(at));
      rows.push({ id: a.id, at });
    }
    foreign = [];
    for (let i = 0; i < 10; i++) foreign.push((await addArticle(other.id, `Unfollowed ${i}`, new Date(base + i * 60_000))).id);
    for (const s of followed) await db.subscription.create({ data: { userId: member.id, sourceId: s.id } });
    rows.sort((x, y) => y.at - x.at || y.id - x.id);
    expected.push(...rows.map((r) => r.id));
  });

  it("walks every article of the followed sources once, newest first, while new ones arrive", async () => {
    const followedId = (await db.subscription.findFirstOrThrow({ where: { userId: member.id } })).sourceId;
    const late: number[] = [];
    const { ids, pages } = await walk(
      async (c) => {
        const p = await listFeedArticles(member.id, c, 9);
        return { ids: p.items.map((i) => i.id), nextCursor: p.nextCursor, cursorRejected: p.cursorRejected };
      },
      // A new article from a followed source lands between page loads: it belongs above
      // the pages already read, and must neither appear later nor shift what follows.
      async (n) => void late.push((await addArticle(followedId, `Late ${n}`, new Date())).id),
    );
    expect(pages).toBe(Math.ceil(70 / 9));
    expect(ids).toEqual(expected);
    expect(ids.some((id) => foreign.includes(id) || late.includes(id))).toBe(false);
    // The next first page starts with them.
    expect((await listFeedArticles(member.id, undefined, late.length)).items.map((i) => i.id).sort()).toEqual([...late].sort());
  });

  it("refuses a forged cursor and shows the first page", async () => {
    for (const c of FORGED) {
      const p = await listFeedArticles(member.id, c, 5);
      expect(p.cursorRejected, c).toBe(true);
      expect(p.items).toHaveLength(5);
    }
  });
});

describe("saved articles", () => {
  let member: { id: string };
  let articleIds: number[];

  beforeAll(async () => {
    member = await makeMember();
    const src = await makeSource("saved");
    articleIds = [];
    for (let i = 0; i < 47; i++) articleIds.push((await addArticle(src.id, `Saveable ${i}`, new Date(Date.now() - i * 3_600_000))).id);
  });

  it("walks every saved article once, most recently saved first, ties by article id, while more are saved", async () => {
    const base = Date.now() - 3_600_000;
    // Saved in the same millisecond in fives, in an order unrelated to the article ids.
    const saves = articleIds.slice(0, 40).map((id, i) => ({ id, at: base + Math.floor(((i * 17) % 40) / 5) * 1000 }));
    for (const s of saves) await db.savedArticle.create({ data: { userId: member.id, articleId: s.id, createdAt: new Date(s.at) } });
    const expected = [...saves].sort((x, y) => y.at - x.at || y.id - x.id).map((s) => s.id);
    const later = articleIds.slice(40);
    const { ids } = await walk(
      async (c) => {
        const p = await listSavedArticles(member.id, c, 6);
        return { ids: p.items.map((i) => i.id), nextCursor: p.nextCursor, cursorRejected: p.cursorRejected };
      },
      async (n) => {
        if (later[n]) await db.savedArticle.create({ data: { userId: member.id, articleId: later[n]!, createdAt: new Date() } });
      },
    );
    expect(ids).toEqual(expected);
  });

  it("leaves out an article a moderator removed", async () => {
    const m = await makeMember();
    const [kept, removed] = articleIds.slice(0, 2) as [number, number];
    await db.savedArticle.createMany({ data: [{ userId: m.id, articleId: kept }, { userId: m.id, articleId: removed }] });
    await db.article.update({ where: { id: removed }, data: { removedAt: new Date(), removalReason: "spam" } });
    expect((await listSavedArticles(m.id)).items.map((i) => i.id)).toEqual([kept]);
    await db.article.update({ where: { id: removed }, data: { removedAt: null, removalReason: null } });
  });

  it("refuses a forged cursor", async () => {
    for (const c of FORGED) expect((await listSavedArticles(member.id, c, 3)).cursorRejected, c).toBe(true);
  });
});

describe("search", () => {
  const WORD = "quokkaplasm";

  beforeAll(async () => {
    const src = await makeSource("search");
    const now = Date.now();
    // 57 matches with many distinct ranks (the word's count and the excerpt's length vary)
    // and runs of equal ranks (the id breaks the tie).
    for (let i = 0; i < 57; i++) {
      const repeats = 1 + (i % 4);
      const filler = "lorem ipsum dolor ".repeat(1 + (i % 7) * 5);
      await addArticle(src.id, i % 3 === 0 ? `${WORD} report ${i}` : `Report ${i}`, new Date(now - i * 60_000), `${`${WORD} `.repeat(repeats)}${filler}`);
    }
    for (let i = 0; i < 5; i++) await addArticle(src.id, `Unrelated ${i}`, new Date(), "nothing to see");
  });

  /** Every match in search's order, ranked in one statement. */
  async function rankedIds(): Promise<number[]> {
    const rows = await db.$queryRaw<{ id: number }[]>`
      SELECT a.id FROM articles a
       WHERE a.search @@ websearch_to_tsquery('english', ${WORD}) AND a."duplicateOfId" IS NULL AND a."removedAt" IS NULL
       ORDER BY ts_rank_cd(a.search, websearch_to_tsquery('english', ${WORD}), 1) DESC, a.id DESC`;
    return rows.map((r) => r.id);
  }

  it("walks every match once, in rank order, with ties and new matches arriving between pages", async () => {
    const expected = await rankedIds();
    expect(expected).toHaveLength(57);
    const ranks = await db.$queryRaw<{ n: bigint; distinct: bigint }[]>`
      SELECT count(*) AS n, count(DISTINCT ts_rank_cd(search, websearch_to_tsquery('english', ${WORD}), 1)) AS distinct
        FROM articles WHERE search @@ websearch_to_tsquery('english', ${WORD})`;
    // The fixture must hold both distinct ranks and ties for this test to mean anything.
    expect(Number(ranks[0]!.distinct)).toBeGreaterThan(5);
    expect(Number(ranks[0]!.distinct)).toBeLessThan(57);
    const src = (await db.source.findFirstOrThrow({ where: { slug: { startsWith: "search-" } } })).id;
    const late: number[] = [];
    const { ids, pages } = await walk(
      async (c) => {
        const r = await searchArticles(WORD, c);
        expect(r.unanswered).toBeUndefined();
        return { ids: r.hits.map((h) => h.id), nextCursor: r.nextCursor, cursorRejected: r.cursorRejected };
      },
      // A match arriving mid-walk that ranks above everything: it belongs on page 1.
      async (n) => void late.push((await addArticle(src, `${WORD} ${WORD} late ${n}`, new Date(), `${WORD} ${WORD} ${WORD} ${WORD} ${WORD}`)).id),
    );
    expect(pages).toBe(Math.ceil(57 / SEARCH_PAGE_SIZE));
    expect(ids).toEqual(expected);
    expect((await searchArticles(WORD)).hits.slice(0, late.length).map((h) => h.id).sort()).toEqual([...late].sort());
  });

  it("keeps highlights and the list row's columns", async () => {
    const r = await searchArticles(WORD);
    const hit = r.hits[0]!;
    expect(hit.excerptMarked).toMatch(new RegExp(WORD));
    expect(hit.source.slug).toMatch(/^search-/);
    expect(hit).toMatchObject({ tags: [], alsoOn: [] });
  });

  it("refuses a forged cursor, and one of another list", async () => {
    for (const c of [...FORGED, encodeCursor([new Date(), 5])]) {
      const r = await searchArticles(WORD, c);
      expect(r.cursorRejected, c).toBe(true);
      expect(r.hits).toHaveLength(SEARCH_PAGE_SIZE);
    }
  });
});

describe("a member's comments", () => {
  let author: { id: string };
  let expected: number[];
  let articleId: number;

  beforeAll(async () => {
    author = await makeMember();
    const other = await makeMember();
    const src = await makeSource("comments");
    articleId = (await addArticle(src.id, "Discussed", new Date())).id;
    const base = Date.now() - 3_600_000;
    const rows: { id: number; at: number }[] = [];
    for (let i = 0; i < 43; i++) {
      const at = base + Math.floor(i / 3) * 1000; // threes written in the same millisecond
      const c = await db.comment.create({
        data: { articleId, userId: author.id, body: `c${i}`, bodyHtml: `<p>c${i}</p>`, createdAt: new Date(at), deletedAt: i === 7 ? new Date() : null },
      });
      if (i !== 7) rows.push({ id: c.id, at });
    }
    await db.comment.create({ data: { articleId, userId: other.id, body: "not theirs", bodyHtml: "<p>not theirs</p>" } });
    rows.sort((x, y) => y.at - x.at || y.id - x.id);
    expected = rows.map((r) => r.id);
  });

  it("walks every visible comment once, newest first, while the member keeps writing", async () => {
    const late: number[] = [];
    const { ids } = await walk(
      async (c) => {
        const p = await listMemberComments(author.id, c, 8);
        return { ids: p.items.map((i) => i.id), nextCursor: p.nextCursor, cursorRejected: p.cursorRejected };
      },
      async (n) => void late.push((await db.comment.create({ data: { articleId, userId: author.id, body: `late ${n}`, bodyHtml: `<p>late ${n}</p>` } })).id),
    );
    expect(ids).toEqual(expected);
    const first = await listMemberComments(author.id, undefined, 3);
    expect(first.items[0]).toMatchObject({ article: { id: articleId, title: "Discussed" } });
  });

  it("refuses a forged cursor", async () => {
    for (const c of FORGED) expect((await listMemberComments(author.id, c, 3)).cursorRejected, c).toBe(true);
  });
});
