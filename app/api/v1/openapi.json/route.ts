// GET /api/v1/openapi.json: the API's OpenAPI 3.1 document, from the handlers' zod schemas.
import { buildOpenApi } from "@/lib/agents/openapi";

export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json(buildOpenApi(), { headers: { "Cache-Control": "public, max-age=300" } });
}
