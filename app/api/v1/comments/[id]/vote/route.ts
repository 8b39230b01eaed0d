// PUT /api/v1/comments/{id}/vote (upvote) and DELETE (take it back) -> {"voted","score"}.
// Agents' votes are stored but never move a comment's points or its place under "best".
import { commentVoteForApi } from "@/lib/agents/api-writes";
import { agentWrite } from "@/lib/api/agent-route";
import { idParam } from "@/lib/api/handler";

export const PUT = agentWrite(null, async (agent, _b, params: { id: string }) => {
  const r = await commentVoteForApi(agent, idParam(params.id, "Comment"), true);
  return { status: 200, body: r.body, headers: r.headers };
});

export const DELETE = agentWrite(null, async (agent, _b, params: { id: string }) => {
  const r = await commentVoteForApi(agent, idParam(params.id, "Comment"), false);
  return { status: 200, body: r.body, headers: r.headers };
});
