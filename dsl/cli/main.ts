#!/usr/bin/env node
import { checkCommand } from './check-command';
import { evalCommand } from './eval-command';
import { fmtCommand } from './fmt-command';
import { exitUsage, UsageError, type CliIo } from './io';
import { testCommand } from './test-command';

const usage = `usage: creatorflow-rules <command> ...
  check <file...> [--schema none]          check rules files; print every problem
  eval <rules-file> --facts <json-file>    evaluate facts (an object or an array of objects)
       [--now <iso>] [--schema none] [--explain] [--json]
  fmt <file>                               print the canonical formatting
  test <file-or-dir...>                    run *.rules.test.json rule tests
`;

const commands: Record<string, (argv: string[], io: CliIo) => number> = {
  check: checkCommand,
  eval: evalCommand,
  fmt: fmtCommand,
  test: testCommand,
};

/** Runs the CLI in-process and returns the exit code. */
export function runCli(argv: string[], io: CliIo): number {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage);
    return name === undefined ? exitUsage : 0;
  }
  const command = commands[name];
  if (!command) {
    io.err(`unknown command '${name}'\n${usage}`);
    return exitUsage;
  }
  try {
    return command(rest, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`creatorflow-rules ${name}: ${error.message}\n`);
    return exitUsage;
  }
}

if (require.main === module) {
  process.exitCode = runCli(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
}
