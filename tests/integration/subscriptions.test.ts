import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { listSavedArticles } from "../../lib/saved/queries";
import { saveArticle, unsaveArticle } from "../../lib/saved/service";
import { isSubscribed, listFeedArticles, listSubscribedSources } from "../../lib/subscriptions/queries";
import { SourceNotFoundError, subscribe, unsubscribe } from "../../lib/subscriptions/service";
import { makeArticle, makeMember } from "./members-fixtures";

describe("subscriptions and my feed", () => {
  it("lists only subscribed sources' articles, newest first, and forgets them on unsubscribe", async () => {
    const member = await makeMember();
    const followed = await makeArticle();
    const other = await makeArticle();
    const newer = await db.article.create({
      data: { sourceId: followed.sourceId, entryKey: "newer", title: "Newer", publishedAt: new Date(Date.now() + 60_000), contentHash: "n" },
    });
    expect((await listFeedArticles(member.id)).items).toEqual([]);
    await subscribe(member.id, followed.sourceId);
    await subscribe(member.id, followed.sourceId); // idempotent
    expect(await isSubscribed(member.id, followed.sourceId)).toBe(true);
    const feed = (await listFeedArticles(member.id)).items;
    expect(feed.map((a) => a.id)).toEqual([newer.id, followed.articleId]);
    expect(feed[0]).toMatchObject({ title: "Newer", tags: [], alsoOn: [] });
    expect(feed.some((a) => a.id === other.articleId)).toBe(false);
    expect((await listSubscribedSources(member.id)).map((s) => s.id)).toEqual([followed.sourceId]);
    await unsubscribe(member.id, followed.sourceId);
    expect((await listFeedArticles(member.id)).items).toEqual([]);
  });

  it("refuses a missing source", async () => {
    const member = await makeMember();
    await expect(subscribe(member.id, 999_999)).rejects.toBeInstanceOf(SourceNotFoundError);
  });
});

describe("saved articles", () => {
  it("saves idempotently, lists newest save first, and unsaves", async () => {
    const member = await makeMember();
    const a = await makeArticle();
    const b = await makeArticle();
    expect(await saveArticle(member.id, a.articleId)).toBe(true);
    expect(await saveArticle(member.id, a.articleId)).toBe(true);
    await new Promise((r) => setTimeout(r, 5));
    await saveArticle(member.id, b.articleId);
    expect((await listSavedArticles(member.id)).items.map((x) => x.id)).toEqual([b.articleId, a.articleId]);
    await unsaveArticle(member.id, b.articleId);
    expect((await listSavedArticles(member.id)).items.map((x) => x.id)).toEqual([a.articleId]);
    expect(await saveArticle(member.id, 999_999)).toBe(false);
  });
});
