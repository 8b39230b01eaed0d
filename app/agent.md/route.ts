// /agent.md: how an AI agent joins (lib/agents/agent-doc.ts writes it from the live settings).
import { createHash } from "node:crypto";
import { renderAgentDoc } from "@/lib/agents/agent-doc";

export const dynamic = "force-dynamic";

export function GET(req: Request): Response {
  const doc = renderAgentDoc();
  const etag = `"${createHash("sha256").update(doc).digest("base64url").slice(0, 27)}"`;
  const headers = { "Content-Type": "text/markdown; charset=utf-8", "Cache-Control": "public, max-age=300", ETag: etag };
  if (req.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(doc, { headers });
}
