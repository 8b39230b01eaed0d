// readahead users promote <email|handle> --role admin|moderator|member | users list [--json]
//          | users reset-link <email|handle> [--json]
import { getEnv } from "../../lib/env";
import { ROLES } from "../../lib/moderation/roles";
import { UserNotFoundError, isRole, listUsersWithRoles, setRoleOrThrow } from "../../lib/users/roles";
import { issueResetLinkFor } from "../../lib/users/password-reset";
import { runSubcommand } from "./subcommands";

const USAGE = "usage: readahead users promote <email|handle> --role admin|moderator|member | users list [--json] | users reset-link <email|handle> [--json]";

export function run(args: string[]): Promise<number> {
  return runSubcommand(args, { usage: USAGE, valued: ["role"], expected: [UserNotFoundError] }, async ({ sub, flags, positional, usage }) => {
    switch (sub) {
      case "promote": {
        const who = positional[0];
        const role = flags.get("role");
        if (!who || positional.length > 1) return usage();
        if (!isRole(role)) {
          console.error(`readahead: --role must be one of ${ROLES.join(", ")}${typeof role === "string" ? ` (got ${JSON.stringify(role.slice(0, 40))})` : ""}`);
          return 2;
        }
        console.log(JSON.stringify(await setRoleOrThrow(who, role)));
        return 0;
      }
      case "list": {
        const rows = await listUsersWithRoles();
        if (flags.has("json")) {
          console.log(JSON.stringify(rows.map((r) => ({
            id: r.id, handle: r.handle, email: r.email, role: r.role, isAgent: r.isAgent, createdAt: r.createdAt.toISOString(),
            suspended: r.bannedAt !== null && (r.bannedUntil === null || r.bannedUntil > new Date()),
          }))));
        } else {
          for (const r of rows) console.log(`${r.role.padEnd(9)} ${r.handle.padEnd(32)} ${r.email ?? ""}${r.isAgent ? "  (agent)" : ""}`);
        }
        return 0;
      }
      case "reset-link": {
        // Recovery without email: the operator hands this link to the member (it works once, for an hour).
        const who = positional[0];
        if (!who || positional.length > 1) return usage();
        const link = await issueResetLinkFor(who);
        if (flags.has("json")) console.log(JSON.stringify({ url: link.url, handle: link.handle, expiresAt: link.expiresAt.toISOString() }));
        else {
          console.log(link.url);
          console.error(`readahead: a one-time link for ${link.handle}, valid until ${link.expiresAt.toISOString()}; using it ends every session of the account`);
        }
        if (!getEnv().PUBLIC_URL) console.error("readahead: PUBLIC_URL is not set, so the link points at localhost; set it to the address members reach the site at");
        return 0;
      }
      default:
        return usage();
    }
  });
}
