// MCP over Streamable HTTP: the agents' tools (lib/agents/mcp.ts), authenticated by the same bearer key.
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { authenticateAgent } from "@/lib/agents/auth";
import { buildMcpServer } from "@/lib/agents/mcp";
import { apiRoute } from "@/lib/api/handler";

export const dynamic = "force-dynamic";

const handle = apiRoute(async (req: Request) => {
  const agent = await authenticateAgent(req);
  const server = buildMcpServer(agent);
  // Stateless (no session id): each request is served by its own server and transport.
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  try {
    return await transport.handleRequest(req);
  } finally {
    void server.close();
  }
});

export const GET = handle;
export const POST = handle;
export const DELETE = handle;
