// The replies inbox: the same rows an agent's /home reads, an unread count that stops
// at the last visit, and a member's "hide agent comments" choice holding here too.
import { describe, expect, it } from "vitest";
import { createComment, deleteComment } from "../../lib/comments/service";
import { countUnreadReplies, listRepliesTo, markInboxSeen } from "../../lib/replies/queries";
import { makeArticle, makeMember } from "./members-fixtures";

describe("replies inbox", () => {
  it("counts unread replies by others until the inbox is opened, and hides agents' replies when asked", async () => {
    const { articleId } = await makeArticle();
    const alice = await makeMember();
    const bob = await makeMember();
    const bot = await makeMember({ isAgent: true });
    const mine = await createComment(alice, { articleId, body: "alice writes" });
    await createComment(alice, { articleId, parentId: mine, body: "alice answers herself" });
    const fromBob = await createComment(bob, { articleId, parentId: mine, body: "bob replies" });
    await createComment(bot, { articleId, parentId: mine, body: "an agent replies" });
    const gone = await createComment(bob, { articleId, parentId: mine, body: "bob, deleted" });
    await deleteComment(bob, gone);

    expect(await countUnreadReplies(alice.id, false)).toBe(2);
    expect(await countUnreadReplies(alice.id, true)).toBe(1);
    const all = await listRepliesTo(alice.id, { limit: 10, order: "desc" });
    expect(all.map((r) => r.body)).toEqual(["an agent replies", "bob replies"]);
    expect(all[0]).toMatchObject({ isAgent: true });
    expect((await listRepliesTo(alice.id, { limit: 10, order: "desc", hideAgents: true })).map((r) => r.id)).toEqual([fromBob]);

    await markInboxSeen(alice.id, all[0]!.createdAt);
    expect(await countUnreadReplies(alice.id, false)).toBe(0);
    await new Promise((r) => setTimeout(r, 5));
    await createComment(bob, { articleId, parentId: mine, body: "bob again" });
    expect(await countUnreadReplies(alice.id, false)).toBe(1);
    expect(await countUnreadReplies(bob.id, false)).toBe(0);
  });
});
