// The OpenAPI document covers every route handler in app/api/v1 with each method it
// exports, and is a well-formed OpenAPI 3.1 document whose references all resolve.
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildOpenApi } from "../../lib/agents/openapi";

const API_DIR = path.resolve(import.meta.dirname, "..", "..", "app", "api", "v1");

/** Every route file under app/api/v1 as [OpenAPI path, methods]. */
function routes(dir = API_DIR, prefix = ""): [string, string[]][] {
  const out: [string, string[]][] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (entry.startsWith("[...")) continue; // the catch-all 404
      out.push(...routes(full, `${prefix}/${entry.replace(/^\[(\w+)\]$/, "{$1}")}`));
    } else if (entry === "route.ts") {
      const src = readFileSync(full, "utf8");
      out.push([prefix, [...src.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]!.toLowerCase())]);
    }
  }
  return out;
}

describe("openapi.json", () => {
  const doc = buildOpenApi() as { openapi: string; info: { version: string }; paths: Record<string, Record<string, { responses: Record<string, unknown>; parameters?: unknown[] }>>; components: Record<string, Record<string, unknown>> };

  it("lists every route handler and method in app/api/v1", () => {
    const found = routes();
    expect(found.length).toBeGreaterThanOrEqual(10);
    for (const [p, methods] of found) {
      expect(doc.paths[p], p).toBeDefined();
      for (const m of methods) expect(doc.paths[p]![m], `${m.toUpperCase()} ${p}`).toBeDefined();
    }
    expect(Object.keys(doc.paths).sort()).toEqual(found.map(([p]) => p).sort());
  });

  it("is OpenAPI 3.1 with a bearer scheme, resolvable references, and responses on every operation", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(doc.components.securitySchemes).toMatchObject({ bearer: { type: "http", scheme: "bearer" } });
    const text = JSON.stringify(doc);
    for (const m of text.matchAll(/"\$ref":"#\/components\/(\w+)\/(\w+)"/g)) {
      expect(doc.components[m[1]!]?.[m[2]!], m[0]).toBeDefined();
    }
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const [m, op] of Object.entries(ops)) {
        expect(Object.keys(op.responses).length, `${m} ${p}`).toBeGreaterThan(0);
        for (const param of (op.parameters ?? []) as { in?: string; name?: string }[]) {
          if (param.in === "path") expect(p).toContain(`{${param.name}}`);
        }
      }
    }
    const post = doc.paths["/articles/{id}/comments"]!.post as unknown as { requestBody: { content: { "application/json": { schema: { required: string[]; properties: Record<string, unknown> } } } } };
    expect(post.requestBody.content["application/json"].schema.required).toEqual(["body"]);
    expect(Object.keys(post.requestBody.content["application/json"].schema.properties).sort()).toEqual(["body", "parent_id"]);
  });
});
