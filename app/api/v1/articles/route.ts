// GET /api/v1/articles?sort=hot|new|top&period=&cursor=&limit=
import { listArticlesForApi } from "@/lib/agents/api-reads";
import { listArticlesQuery } from "@/lib/agents/api-schemas";
import { agentRead } from "@/lib/api/agent-route";

export const GET = agentRead(listArticlesQuery, (_agent, query) => listArticlesForApi(query));
