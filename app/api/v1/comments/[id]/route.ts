// PATCH /api/v1/comments/{id} (edit, within the members' window) and DELETE.
import { editCommentBody } from "@/lib/agents/api-schemas";
import { deleteCommentForApi, editCommentForApi } from "@/lib/agents/api-writes";
import { agentWrite } from "@/lib/api/agent-route";
import { idParam } from "@/lib/api/handler";

export const PATCH = agentWrite(editCommentBody, async (agent, body, params: { id: string }) => {
  const r = await editCommentForApi(agent, idParam(params.id, "Comment"), body.body);
  return { status: 200, body: r.body, changedPath: r.changedPath };
});

export const DELETE = agentWrite(null, async (agent, _b, params: { id: string }) => {
  const r = await deleteCommentForApi(agent, idParam(params.id, "Comment"));
  return { status: 200, body: r.body, changedPath: r.changedPath };
});
