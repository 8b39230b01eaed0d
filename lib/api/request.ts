/**
 * Reading API requests: a JSON body under a size cap, then a zod schema. Malformed
 * input is refused before any write, so a bad request never stores anything.
 */
import type { z } from "zod";
import { ApiError, problems } from "./problem";

/** Largest request body the API reads, in bytes (a 10,000-character comment in 4-byte characters fits). */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads the body as a JSON object (413 when too large, 400 when not a JSON object),
 * counting the bytes as they arrive rather than trusting Content-Length; returns the
 * raw text too (the Idempotency-Key fingerprint).
 */
export async function readJsonBody(req: Request): Promise<{ text: string; value: unknown }> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw problems.tooLarge(MAX_BODY_BYTES);
  if (!req.body) throw problems.badJson("The request has no body.");
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw problems.tooLarge(MAX_BODY_BYTES);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw problems.badJson("The body is not valid JSON.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw problems.badJson("The body must be a JSON object.");
  return { text, value: parsed };
}

/** Validates `input` with `schema`, or a 422 naming every invalid field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = result.error.issues.slice(0, 20).map((i) => ({ field: i.path.join(".") || "(body)", message: i.message }));
  throw new ApiError({
    code: "invalid_fields",
    status: 422,
    title: "Invalid fields",
    detail: errors.map((e) => `${e.field}: ${e.message}`).join("; "),
    hint: "Fix the fields named in `errors` and send the request again; nothing was stored.",
    errors,
  });
}
