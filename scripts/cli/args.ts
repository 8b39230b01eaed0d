/** A malformed command line (a valued flag without its value): one line for the operator, exit 1. */
export class ArgsError extends Error {
  override name = "ArgsError";
}

/** Minimal flag parsing for the CLI: `--name value`, `--flag`, and positionals. */
export function parseArgs(args: string[], valued: string[] = []): { flags: Map<string, string | true>; positional: string[] } {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith("--")) {
      const [name, inline] = a.slice(2).split("=", 2) as [string, string | undefined];
      if (inline !== undefined) flags.set(name, inline);
      else if (valued.includes(name)) {
        const v = args[i + 1];
        if (v === undefined) throw new ArgsError(`--${name} needs a value`);
        flags.set(name, v);
        i++;
      } else flags.set(name, true);
    } else positional.push(a);
  }
  return { flags, positional };
}
