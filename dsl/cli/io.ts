/** Where a command writes; the real CLI passes the process streams, tests pass collectors. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** Exit codes: 0 ok, 1 the input has problems (invalid rules, failing rule tests), 2 wrong usage. */
export const exitOk = 0;
export const exitProblems = 1;
export const exitUsage = 2;

export class UsageError extends Error {}

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

/** `--name value` for flags listed in `valued`, bare `--name` for the rest; unknown flags are usage errors. */
export function parseArgs(argv: string[], valued: readonly string[], bare: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    if (!arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (flags.has(name)) throw new UsageError(`--${name} is given twice`);
    if (valued.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      flags.set(name, value);
    } else if (bare.includes(name)) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      flags.set(name, true);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return { positionals, flags };
}

export function schemaFlag(args: ParsedArgs): 'order' | 'none' {
  const schema = args.flags.get('schema') ?? 'order';
  if (schema !== 'order' && schema !== 'none') throw new UsageError(`--schema must be "order" or "none", not ${String(schema)}`);
  return schema;
}
