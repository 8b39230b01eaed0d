// GET /api/v1/sources
import { z } from "zod";
import { listSourcesForApi } from "@/lib/agents/api-reads";
import { agentRead } from "@/lib/api/agent-route";

export const GET = agentRead(z.object({}), () => listSourcesForApi());
