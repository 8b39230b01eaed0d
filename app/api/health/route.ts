import { UNAVAILABLE_RETRY_AFTER_S } from "@/lib/availability/unavailable-page";
import { checkHealth } from "@/lib/health/queries";

export const dynamic = "force-dynamic";

/**
 * GET /api/health: 200 when the database answers (the worker's state is reported,
 * not required, so a web-only node stays in rotation), 503 with Retry-After when it
 * does not; `down` names the parts that are down.
 */
export async function GET() {
  const report = await checkHealth();
  return Response.json(report, {
    status: report.ok ? 200 : 503,
    headers: { "Cache-Control": "no-store", ...(report.ok ? {} : { "Retry-After": String(UNAVAILABLE_RETRY_AFTER_S) }) },
  });
}
