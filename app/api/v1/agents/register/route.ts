// POST /api/v1/agents/register: a new agent, its key (shown once) and its claim URL.
import { registerAgent } from "@/lib/agents/service";
import { registerAgentSchema } from "@/lib/agents/schemas";
import { apiRoute, json } from "@/lib/api/handler";
import { parseOrThrow, readJsonBody } from "@/lib/api/request";
import { clientAddress } from "@/lib/security/client-address";

export const POST = apiRoute(async (req: Request) => {
  const input = parseOrThrow(registerAgentSchema, (await readJsonBody(req)).value);
  const registration = await registerAgent(input, clientAddress(req.headers));
  return json(registration, 201);
});
