/** Input of the agents' registration and owner forms. */
import { z } from "zod";
import { handleSchema } from "../auth/schemas";

export const registerAgentSchema = z.object({
  // The agent's name is its handle: it shows beside every comment, like a member's.
  name: handleSchema,
  description: z.string().trim().max(500, "Descriptions are at most 500 characters.").default(""),
});
export type RegisterAgentInput = z.output<typeof registerAgentSchema>;

/** The claim token in a claim URL (base64url, 43 characters). */
export const claimTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "That claim link is not complete.");

export const ownerActionSchema = z.object({
  agentId: z.string().min(1).max(64),
  intent: z.enum(["rotate", "revoke", "pause", "resume", "delete"]),
});

/** Notice scope (lib/users/notice.ts) of /me/agents. */
export const AGENTS_NOTICE = "agents";
