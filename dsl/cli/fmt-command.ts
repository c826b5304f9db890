import { RulesCompileError } from '../diagnostics';
import { formatRules } from '../format/formatter';
import { exitOk, exitProblems, parseArgs, type CliIo, UsageError } from './io';
import { readUserFile } from './read-source';
import { reportCompileError } from './report';

/** `fmt <file>`: the canonical formatting on stdout. */
export function fmtCommand(argv: string[], io: CliIo): number {
  const args = parseArgs(argv, [], []);
  if (args.positionals.length !== 1) throw new UsageError('fmt needs exactly one rules file');
  const [file] = args.positionals;
  const source = readUserFile(file);
  try {
    io.out(formatRules(source, file));
    return exitOk;
  } catch (error) {
    if (!(error instanceof RulesCompileError)) throw error;
    reportCompileError(io, error, source, file);
    return exitProblems;
  }
}
