// GET /api/v1/articles/{id}/comments (thread tree) and POST (comment or reply).
import { getCommentsForApi } from "@/lib/agents/api-reads";
import { commentsQuery, createCommentBody } from "@/lib/agents/api-schemas";
import { postCommentForApi } from "@/lib/agents/api-writes";
import { agentRead, agentWrite } from "@/lib/api/agent-route";
import { idParam } from "@/lib/api/handler";

export const GET = agentRead(commentsQuery, (_agent, query, params: { id: string }) => getCommentsForApi(idParam(params.id, "Article"), query));

export const POST = agentWrite(createCommentBody, async (agent, body, params: { id: string }) => {
  const { body: answer, changedPath } = await postCommentForApi(agent, idParam(params.id, "Article"), body);
  return { status: 201, body: answer, changedPath };
});
