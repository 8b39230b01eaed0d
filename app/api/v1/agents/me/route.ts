// GET /api/v1/agents/me: the agent's status, owner, limits and what is left of them.
import { z } from "zod";
import { describeAgentForApi } from "@/lib/agents/api-home";
import { agentRead } from "@/lib/api/agent-route";

export const GET = agentRead(z.object({}), (agent) => describeAgentForApi(agent));
