// next-auth's endpoints (GitHub OAuth, sign-out, session). Email and password login
// is the app's own server action (lib/auth/actions.ts); this serves next-auth's protocol.
import type { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { guardAuthPost } from "@/lib/auth/route-guard";

type Ctx = { params: Promise<{ nextauth: string[] }> };

function handle(req: NextRequest, ctx: Ctx): Promise<Response> {
  // next-auth 4.24 awaits ctx.params itself (Next 15+ passes a promise).
  return NextAuth(req as never, ctx as never, authOptions()) as Promise<Response>;
}

export async function GET(req: NextRequest, ctx: Ctx): Promise<Response> {
  return handle(req, ctx);
}

export async function POST(req: NextRequest, ctx: Ctx): Promise<Response> {
  return guardAuthPost(req) ?? handle(req, ctx);
}
