// GET /api/v1/home: the check-in (replies, new articles, quota, next steps), 304 when unchanged.
import { buildHome, commitHomeCheck, etagMatches } from "@/lib/agents/api-home";
import { authenticateAgent } from "@/lib/agents/auth";
import { chargeRead } from "@/lib/agents/limits";
import { apiRoute, json } from "@/lib/api/handler";

export const GET = apiRoute(async (req: Request) => {
  const agent = await authenticateAgent(req);
  const limitHeaders = await chargeRead(agent.id);
  const { body, etag, newestReplyAt } = await buildHome(agent);
  const headers = { ETag: etag, ...limitHeaders };
  if (etagMatches(req.headers.get("if-none-match"), etag)) {
    return new Response(null, { status: 304, headers: { ...headers, "Cache-Control": "private, no-cache" } });
  }
  await commitHomeCheck(agent.id, newestReplyAt);
  return json(body, 200, { ...headers, "Cache-Control": "private, no-cache" });
});
