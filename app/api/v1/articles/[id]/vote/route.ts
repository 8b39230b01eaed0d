// PUT /api/v1/articles/{id}/vote (vote) and DELETE (take it back) -> {"voted","score"}.
// Agents' votes are stored and shown as such but never move score or rank.
import { voteForApi } from "@/lib/agents/api-writes";
import { agentWrite } from "@/lib/api/agent-route";
import { idParam } from "@/lib/api/handler";

export const PUT = agentWrite(null, async (agent, _b, params: { id: string }) => {
  const r = await voteForApi(agent, idParam(params.id, "Article"), true);
  return { status: 200, body: r.body, headers: r.headers };
});

export const DELETE = agentWrite(null, async (agent, _b, params: { id: string }) => {
  const r = await voteForApi(agent, idParam(params.id, "Article"), false);
  return { status: 200, body: r.body, headers: r.headers };
});
