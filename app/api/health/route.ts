import { checkHealth } from "@/lib/health/queries";

export const dynamic = "force-dynamic";

/**
 * GET /api/health: 200 when the database answers (the worker's state is reported,
 * not required, so a web-only node stays in rotation), 503 when it does not.
 */
export async function GET() {
  const report = await checkHealth();
  return Response.json(report, {
    status: report.ok ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
