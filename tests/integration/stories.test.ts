// Stories in the database: clustering from stored related pairs, stable leads, the
// story rank on the lead's hotRank (pooled human votes, breadth, age), folded members
// out of the story-aware lists and the RSS, and moderation and deletion keeping the
// invariants. Related pairs are written directly here (their scoring has its own
// tests); tests/integration/stories-quality.test.ts runs the whole pipeline.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db, pgPool } from "../../lib/db";
import { serializeListItem } from "../../lib/agents/api-reads";
import { listRelatedArticles } from "../../lib/articles/article-queries";
import { listHotArticles, listNewestArticles, listTopArticles } from "../../lib/articles/queries";
import { removeItem, restoreItem } from "../../lib/moderation/service";
import { refreshHotRanks } from "../../lib/ranking/refresh";
import { computeStoryRank } from "../../lib/ranking/story";
import { articlesToRss } from "../../lib/rss/article-feed";
import { STORY_MIN_SCORE } from "../../lib/stories/cluster";
import { clusterStories } from "../../lib/stories/store";
import { castVote, retractVote } from "../../lib/votes/service";
import { makeMember } from "./members-fixtures";

const NOW = new Date();
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);

async function makeSources(n: number) {
  const tag = randomBytes(3).toString("hex");
  const out: { id: number; slug: string; title: string }[] = [];
  for (let i = 0; i < n; i++) {
    out.push(await db.source.create({ data: { slug: `st-${tag}-${i}`, title: `Outlet ${tag} ${i}`, feedUrl: `http://127.0.0.1:9/${tag}-${i}.xml` }, select: { id: true, slug: true, title: true } }));
  }
  return out;
}

async function addArticle(sourceId: number, title: string, publishedAt: Date, score = 0) {
  const key = randomBytes(6).toString("hex");
  return db.article.create({ data: { sourceId, entryKey: key, title, excerpt: `${title}.`, publishedAt, contentHash: key, score }, select: { id: true } });
}

/** Stores a related pair both ways, as computeRelatedFor does. */
async function relate(a: number, b: number, score = 0.5) {
  await db.relatedArticle.createMany({ data: [{ articleId: a, relatedId: b, score }, { articleId: b, relatedId: a, score }], skipDuplicates: true });
}

/** A story told by `n` sources, all published `age` hours ago, clustered; returns its article ids (earliest first). */
async function makeStory(n: number, age: number, title: string): Promise<number[]> {
  const sources = await makeSources(n);
  const ids: number[] = [];
  for (const [i, s] of sources.entries()) ids.push((await addArticle(s.id, `${title} (${i})`, hoursAgo(age - i * 0.001))).id);
  for (const [i, a] of ids.entries()) for (const b of ids.slice(i + 1)) await relate(a, b);
  await clusterStories(pgPool, ids);
  return ids;
}

const frontIds = async () => (await listHotArticles(undefined, 200)).items.map((i) => i.id);
const storyOf = (id: number) => db.article.findUniqueOrThrow({ where: { id }, select: { storyId: true, folded: true, hotRank: true } });

describe("clustering", () => {
  it("groups related coverage from different sources into one story led by the earliest, the rest folded", async () => {
    const [lead, b, c] = await makeStory(3, 2, "Quake hits coast");
    const rows = await Promise.all([lead!, b!, c!].map(storyOf));
    expect(new Set(rows.map((r) => r.storyId)).size).toBe(1);
    expect(rows[0]!.storyId).not.toBeNull();
    expect(rows.map((r) => r.folded)).toEqual([false, true, true]);
    const story = await db.story.findUniqueOrThrow({ where: { id: rows[0]!.storyId! } });
    expect(story).toMatchObject({ leadId: lead, memberCount: 3, sourceCount: 3, score: 0 });
  });

  it("shows one entry per story on the front page, /new and /top, naming the other coverage", async () => {
    const [lead, b, c] = await makeStory(3, 1, "Bridge reopens");
    await refreshHotRanks(pgPool);
    for (const page of [await listHotArticles(undefined, 200), await listNewestArticles(undefined, 200), await listTopArticles("all", undefined, 200)]) {
      const ids = page.items.map((i) => i.id);
      expect(ids).toContain(lead);
      expect(ids).not.toContain(b);
      expect(ids).not.toContain(c);
      const item = page.items.find((i) => i.id === lead)!;
      expect(item.story!.members.map((m) => m.id).sort()).toEqual([b, c].sort());
      expect(item.story!.members.every((m) => m.source.title.startsWith("Outlet"))).toBe(true);
    }
  });

  it("gives the agent API's list items a story field with the other members", async () => {
    const [lead, b] = await makeStory(2, 0.5, "API story");
    const [solo] = await makeSources(1);
    const loneId = (await addArticle(solo!.id, "API lone article", hoursAgo(0.5))).id;
    await refreshHotRanks(pgPool);
    const items = (await listHotArticles(undefined, 200)).items;
    const json = serializeListItem(items.find((i) => i.id === lead)!);
    expect(json.story!.members.map((m) => m.id)).toEqual([b]);
    expect(json.story!.members[0]!.page_url).toMatch(new RegExp(`/a/${b}/api-story`));
    const lone = items.find((i) => i.id === loneId)!;
    expect(serializeListItem(lone).story).toBeNull();
  });

  it("ignores pairs below the threshold and pairs from the same source", async () => {
    const [s1, s2] = await makeSources(2);
    const a = await addArticle(s1!.id, "Alone one", hoursAgo(1));
    const b = await addArticle(s2!.id, "Alone two", hoursAgo(1));
    const c = await addArticle(s1!.id, "Alone three", hoursAgo(1));
    await relate(a.id, b.id, STORY_MIN_SCORE - 0.01);
    await relate(a.id, c.id, 0.9);
    expect(await clusterStories(pgPool, [a.id, b.id, c.id])).toEqual({ joined: 0, created: 0 });
    expect((await storyOf(a.id)).storyId).toBeNull();
  });

  it("is stable: a late article joins the story without changing its lead, and a second pass changes nothing", async () => {
    const [lead, b] = await makeStory(2, 5, "Strike ends");
    const storyId = (await storyOf(lead!)).storyId!;
    const [late] = await makeSources(1);
    const c = await addArticle(late!.id, "Strike ends, late take", hoursAgo(1));
    await relate(c.id, b!);
    expect(await clusterStories(pgPool, [c.id])).toEqual({ joined: 1, created: 0 });
    expect(await storyOf(c.id)).toMatchObject({ storyId, folded: true });
    expect((await db.story.findUniqueOrThrow({ where: { id: storyId } })).leadId).toBe(lead);
    expect(await clusterStories(pgPool, [lead!, b!, c.id])).toEqual({ joined: 0, created: 0 });
    expect(await db.story.findUniqueOrThrow({ where: { id: storyId } })).toMatchObject({ leadId: lead, memberCount: 3, sourceCount: 3 });
  });

  it("does not stretch a story past 48 hours", async () => {
    const [lead] = await makeStory(2, 60, "Old news");
    const [s] = await makeSources(1);
    const follow = await addArticle(s!.id, "Old news, follow-up", hoursAgo(1));
    await relate(follow.id, lead!);
    await clusterStories(pgPool, [follow.id]);
    expect((await storyOf(follow.id)).storyId).toBeNull();
  });
});

describe("story rank", () => {
  it("a story covered by 4 sources outranks an otherwise equal story covered by 1, and the SQL agrees with computeStoryRank", async () => {
    const [lone] = await makeSources(1);
    const single = await addArticle(lone!.id, "Single-source story", hoursAgo(3));
    const [lead] = await makeStory(4, 3, "Four-source story");
    await refreshHotRanks(pgPool, { now: NOW });
    const front = await frontIds();
    expect(front.indexOf(lead!)).toBeLessThan(front.indexOf(single.id));
    const leadRow = await db.article.findUniqueOrThrow({ where: { id: lead! } });
    expect(leadRow.hotRank).toBeCloseTo(computeStoryRank({ points: 0, sources: 4, publishedAt: leadRow.publishedAt }, NOW), 9);
    expect(leadRow.hotRank / (await storyOf(single.id)).hotRank).toBeCloseTo(2.5, 2);
  });

  it("votes still move stories: votes on any member lift the story, and an article with enough votes outranks a wide story", async () => {
    const [lone] = await makeSources(1);
    const single = await addArticle(lone!.id, "Voted single", hoursAgo(3.5));
    const [lead, , member] = await makeStory(4, 3.5, "Wide but unvoted");
    await refreshHotRanks(pgPool);
    let front = await frontIds();
    expect(front.indexOf(lead!)).toBeLessThan(front.indexOf(single.id));
    const voters = await Promise.all(Array.from({ length: 4 }, () => makeMember()));
    for (const v of voters) await castVote(v, single.id);
    front = await frontIds();
    expect(front.indexOf(single.id)).toBeLessThan(front.indexOf(lead!));
    // Four votes on a folded member count for the story: (1 + 4) · 2.5 > (1 + 4) · 1.
    // They are also a clear margin over the lead, so that member now leads the story.
    for (const v of voters) await castVote(v, member!);
    front = await frontIds();
    expect(front.indexOf(member!)).toBeLessThan(front.indexOf(single.id));
    expect(front).not.toContain(lead);
  });

  it("uses human votes only: agent votes on members are stored but move nothing", async () => {
    const [lead, b] = await makeStory(2, 2, "Agents love this");
    await refreshHotRanks(pgPool, { now: NOW });
    const before = await storyOf(lead!);
    const agents = await Promise.all(Array.from({ length: 5 }, () => makeMember({ isAgent: true })));
    for (const a of agents) {
      await castVote(a, b!);
      await castVote(a, lead!);
    }
    expect(await db.vote.count({ where: { articleId: b!, isAgent: true } })).toBe(5);
    const story = await db.story.findUniqueOrThrow({ where: { id: before.storyId! } });
    expect(story.score).toBe(0);
    expect(story.leadId).toBe(lead);
    await refreshHotRanks(pgPool, { now: NOW });
    expect((await storyOf(lead!)).hotRank).toBeCloseTo(before.hotRank, 12);
  });

  it("changes the lead only when another member leads by a clear margin (3 human votes)", async () => {
    const [lead, b] = await makeStory(2, 2, "Lead margin");
    const voters = await Promise.all(Array.from({ length: 3 }, () => makeMember()));
    await castVote(voters[0]!, b!);
    await castVote(voters[1]!, b!);
    let story = await db.story.findFirstOrThrow({ where: { leadId: { in: [lead!, b!] } } });
    expect(story).toMatchObject({ leadId: lead, score: 2 });
    await castVote(voters[2]!, b!);
    story = await db.story.findUniqueOrThrow({ where: { id: story.id } });
    expect(story).toMatchObject({ leadId: b, score: 3 });
    expect(await storyOf(lead!)).toMatchObject({ folded: true });
    expect(await storyOf(b!)).toMatchObject({ folded: false });
    const front = await frontIds();
    expect(front).toContain(b);
    expect(front).not.toContain(lead);
    // One retraction does not flip it back: the old lead would need +3 over the new one.
    await retractVote(voters[2]!, b!);
    expect((await db.story.findUniqueOrThrow({ where: { id: story.id } })).leadId).toBe(b);
  });
});

describe("removal, deletion, related and RSS", () => {
  it("a removed lead hands the story to another member; removing down to one member dissolves it; restoring counts again", async () => {
    const [lead, b, c] = await makeStory(3, 2, "Moderated story");
    const mod = await makeMember();
    await db.user.update({ where: { id: mod.id }, data: { role: "moderator" } });
    const moderator = { id: mod.id, handle: mod.handle, role: "moderator" as const };
    await removeItem(moderator, { target: "article", id: lead! }, "spam");
    const storyId = (await storyOf(b!)).storyId!;
    expect(await db.story.findUniqueOrThrow({ where: { id: storyId } })).toMatchObject({ leadId: b, memberCount: 2 });
    let front = await frontIds();
    expect(front).toContain(b);
    expect(front).not.toContain(c);
    await removeItem(moderator, { target: "article", id: c! }, "spam");
    expect(await db.story.findUnique({ where: { id: storyId } })).toBeNull();
    expect(await storyOf(b!)).toMatchObject({ storyId: null, folded: false });
    front = await frontIds();
    expect(front).toContain(b);
    await restoreItem(moderator, { target: "article", id: lead! }, "not spam");
    expect((await frontIds())).toContain(lead);
  });

  it("members a deleted lead left folded are listed again on the next pass", async () => {
    const sources = await makeSources(2);
    const a = await addArticle(sources[0]!.id, "Doomed lead", hoursAgo(2));
    const b = await addArticle(sources[1]!.id, "Survivor", hoursAgo(1));
    await relate(a.id, b.id);
    await clusterStories(pgPool, [a.id, b.id]);
    expect(await storyOf(b.id)).toMatchObject({ folded: true });
    await db.source.delete({ where: { id: sources[0]!.id } });
    await clusterStories(pgPool, [b.id]);
    expect(await storyOf(b.id)).toMatchObject({ storyId: null, folded: false });
    expect(await frontIds()).toContain(b.id);
  });

  it("the article page's related list names the story's members first", async () => {
    const [lead, b, c] = await makeStory(3, 2, "Related first");
    const [other] = await makeSources(1);
    const loosely = await addArticle(other!.id, "Loosely related", hoursAgo(2));
    // A related pair scored above the members' (0.5) but below the story threshold for... any pair: still after them.
    await db.relatedArticle.create({ data: { articleId: lead!, relatedId: loosely.id, score: 0.2 } });
    const related = await listRelatedArticles(lead!, (await db.article.findUniqueOrThrow({ where: { id: lead! } })).sourceId);
    expect(related.map((r) => r.id)).toEqual([...[b!, c!].sort((x, y) => y - x), loosely.id]);
    expect(related.map((r) => r.inStory)).toEqual([true, true, false]);
  });

  it("the front page's RSS carries one item per story", async () => {
    const [lead, b, c] = await makeStory(3, 0.5, "RSS story");
    await refreshHotRanks(pgPool);
    const xml = articlesToRss({ base: "http://example.test", path: "/rss.xml", title: "t", description: "d", items: (await listHotArticles(undefined, 200)).items });
    expect(xml).toContain(`/a/${lead}/`);
    expect(xml).not.toContain(`/a/${b}/`);
    expect(xml).not.toContain(`/a/${c}/`);
    expect(xml.match(/<title>RSS story/g)?.length).toBe(1);
  });
});
