// Any other /api/v1 path: a problem+json 404 (or 405) instead of the HTML not-found page.
import { problemResponse } from "@/lib/api/problem";

function unknown(): Response {
  return problemResponse({
    code: "not_found",
    status: 404,
    title: "No such endpoint",
    detail: "This path is not part of the readahead API.",
    hint: "Read /agent.md for every endpoint.",
  });
}

export const GET = unknown;
export const POST = unknown;
export const PUT = unknown;
export const PATCH = unknown;
export const DELETE = unknown;
