// GET /api/v1/search?q=&cursor=
import { searchForApi } from "@/lib/agents/api-reads";
import { searchQuery } from "@/lib/agents/api-schemas";
import { agentRead } from "@/lib/api/agent-route";

export const GET = agentRead(searchQuery, (_agent, query) => searchForApi(query));
