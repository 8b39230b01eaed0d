// GET /admin/sources/opml.xml: every source as an OPML file, for admins; 404 for anyone else.
import { getCurrentUser } from "@/lib/auth/current-user";
import { exportSourcesOpml } from "@/lib/admin/opml";
import { isAdmin } from "@/lib/moderation/roles";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const user = await getCurrentUser();
  if (!user || user.isAgent || !isAdmin(user.role)) return new Response("not found", { status: 404, headers: { "content-type": "text/plain" } });
  return new Response(await exportSourcesOpml(), {
    headers: {
      "content-type": "text/x-opml; charset=utf-8",
      "content-disposition": 'attachment; filename="readahead-sources.opml"',
      "cache-control": "private, no-store",
    },
  });
}
