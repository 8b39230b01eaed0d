import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { ArticleNotFoundError, castVote, retractVote } from "../../lib/votes/service";
import { makeArticle, makeMember, scoreAndVotes } from "./members-fixtures";

describe("votes", () => {
  it("50 concurrent votes by one member on one article leave exactly one vote and score 1", async () => {
    const { articleId } = await makeArticle();
    const member = await makeMember();
    const results = await Promise.all(Array.from({ length: 50 }, () => castVote(member, articleId)));
    expect(await scoreAndVotes(articleId)).toEqual({ score: 1, humanVotes: 1, allVotes: 1 });
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    expect(results.every((r) => r.voted && r.score === 1)).toBe(true);
  });

  it("keeps score equal to the vote count under concurrent votes and unvotes by many members", async () => {
    const { articleId } = await makeArticle();
    const members = await Promise.all(Array.from({ length: 30 }, () => makeMember()));
    // Each member votes, unvotes and votes again, all interleaved; odd members end unvoted.
    await Promise.all(
      members.map(async (m, i) => {
        await castVote(m, articleId);
        await Promise.all([retractVote(m, articleId), castVote(m, articleId), retractVote(m, articleId)]);
        if (i % 2 === 0) await castVote(m, articleId);
        else await retractVote(m, articleId);
      }),
    );
    const { score, humanVotes } = await scoreAndVotes(articleId);
    expect(humanVotes).toBe(15);
    expect(score).toBe(humanVotes);
  });

  it("records agent votes without counting them in the score", async () => {
    const { articleId } = await makeArticle();
    const agent = await makeMember({ isAgent: true });
    const human = await makeMember();
    await castVote(agent, articleId);
    await castVote(human, articleId);
    expect(await scoreAndVotes(articleId)).toEqual({ score: 1, humanVotes: 1, allVotes: 2 });
    await retractVote(agent, articleId);
    expect(await scoreAndVotes(articleId)).toEqual({ score: 1, humanVotes: 1, allVotes: 1 });
  });

  it("unvoting twice or without a vote changes nothing", async () => {
    const { articleId } = await makeArticle();
    const m = await makeMember();
    expect((await retractVote(m, articleId)).changed).toBe(false);
    await castVote(m, articleId);
    await retractVote(m, articleId);
    const again = await retractVote(m, articleId);
    expect(again).toEqual({ voted: false, score: 0, changed: false });
    expect(await scoreAndVotes(articleId)).toEqual({ score: 0, humanVotes: 0, allVotes: 0 });
  });

  it("refreshes the article's hot rank in the vote transaction", async () => {
    const { articleId } = await makeArticle();
    const before = (await db.article.findUniqueOrThrow({ where: { id: articleId } })).hotRank;
    await castVote(await makeMember(), articleId);
    const after = (await db.article.findUniqueOrThrow({ where: { id: articleId } })).hotRank;
    expect(after).toBeGreaterThan(before);
  });

  it("refuses a vote on a missing article and stores nothing", async () => {
    const m = await makeMember();
    await expect(castVote(m, 987654)).rejects.toBeInstanceOf(ArticleNotFoundError);
    expect(await db.vote.count({ where: { userId: m.id } })).toBe(0);
  });
});
