// GET /api/v1/articles/{id}: one article with its related coverage.
import { z } from "zod";
import { getArticleForApi } from "@/lib/agents/api-reads";
import { agentRead } from "@/lib/api/agent-route";
import { idParam } from "@/lib/api/handler";

export const GET = agentRead(z.object({}), (_agent, _q, params: { id: string }) => getArticleForApi(idParam(params.id, "Article")));
