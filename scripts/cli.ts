// The operators' command line: `npm run -s readahead -- <command> ...`.
// Each command lives in scripts/cli/<command>.ts and exports `run(args): Promise<number>`
// (the exit code). Commands print JSON to stdout and clear one-line errors to stderr.
import "dotenv/config";
import { ConfigError } from "../lib/env";

const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run(args: string[]): Promise<number> }> }> = {
  parse: { summary: "parse FILE... [--url DOCUMENT_URL]   print each file's normalized entries as JSON lines", load: () => import("./cli/parse") },
  sources: { summary: "sources add URL | sources list --json | sources remove ID", load: () => import("./cli/sources") },
  poll: { summary: "poll --once [--all] [--source ID]      poll due (or all) sources once", load: () => import("./cli/poll") },
  users: { summary: "users promote <email|handle> --role admin|moderator|member | users list --json | users reset-link <email|handle>", load: () => import("./cli/users") },
  opml: { summary: "opml import FILE | opml export", load: () => import("./cli/opml") },
};

function usage(): string {
  return ["usage: readahead <command> [args]", "", ...Object.values(COMMANDS).map((c) => `  ${c.summary}`)].join("\n");
}

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  if (!name || name === "help" || name === "--help") {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`readahead: unknown command ${JSON.stringify(name)}\n\n${usage()}`);
    return 2;
  }
  const mod = await command.load();
  return mod.run(args);
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`readahead: ${err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err)}`);
    if (!(err instanceof ConfigError) && process.env.LOG_LEVEL === "debug") console.error(err);
    process.exit(1);
  },
);
