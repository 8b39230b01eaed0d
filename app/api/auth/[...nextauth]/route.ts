// next-auth's endpoints (GitHub OAuth, Credentials callback, sign-out, session).
// The app's own forms use server actions; this serves next-auth's protocol.
import type { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { isSameSiteRequest } from "@/lib/security/origin";

type Ctx = { params: Promise<{ nextauth: string[] }> };

function handle(req: NextRequest, ctx: Ctx): Promise<Response> {
  // next-auth 4.24 awaits ctx.params itself (Next 15+ passes a promise).
  return NextAuth(req as never, ctx as never, authOptions()) as Promise<Response>;
}

export async function GET(req: NextRequest, ctx: Ctx): Promise<Response> {
  return handle(req, ctx);
}

export async function POST(req: NextRequest, ctx: Ctx): Promise<Response> {
  // next-auth has its own CSRF token; the Origin check refuses forged posts earlier.
  if (!isSameSiteRequest(req.headers)) return Response.json({ error: "cross-site request refused" }, { status: 403 });
  return handle(req, ctx);
}
