// Copies the query string of article pages into a request header: the discussion
// component (rendered inside the page, with no searchParams of its own) reads the
// `?comments=new|best` order from it. Scoped by the matcher to article pages only.
import { NextResponse, type NextRequest } from "next/server";

export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set("x-readahead-search", request.nextUrl.search.slice(0, 2000));
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/a/:path*"] };
