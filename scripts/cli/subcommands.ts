// The frame every `readahead <command> <subcommand>` shares: parse the flags, run the
// subcommand, turn an expected refusal into one line on stderr, always disconnect.
import { db } from "../../lib/db";
import { ArgsError, parseArgs } from "./args";

export interface Subcommand {
  sub: string | undefined;
  flags: Map<string, string | true>;
  positional: string[];
  /** Prints the usage line and returns 2, for `return usage()` on a missing or bad argument. */
  usage: () => number;
}

/**
 * Runs one subcommand of a CLI command. Exit codes: what `body` returns; 1 with
 * `readahead: <message>` for a malformed flag or an error of one of the `expected` classes; 2 with
 * the usage line for `usage()`. Any other error propagates to scripts/cli.ts.
 */
export async function runSubcommand(
  args: string[],
  spec: { usage: string; valued?: string[]; expected: (abstract new (...args: never[]) => Error)[] },
  body: (cmd: Subcommand) => Promise<number>,
): Promise<number> {
  const [sub, ...rest] = args;
  const usage = () => {
    console.error(spec.usage);
    return 2;
  };
  try {
    const { flags, positional } = parseArgs(rest, spec.valued);
    return await body({ sub, flags, positional, usage });
  } catch (err) {
    if (err instanceof Error && (err instanceof ArgsError || spec.expected.some((E) => err instanceof E))) {
      console.error(`readahead: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await db.$disconnect();
  }
}
