import { compileRules } from '../compile';
import { RulesCompileError } from '../diagnostics';
import { exitOk, exitProblems, exitUsage, parseArgs, schemaFlag, type CliIo, UsageError } from './io';
import { readUserFile } from './read-source';
import { reportCompileError } from './report';

/** `check <file...>`: compiles each file; exit 1 with every diagnostic if any is invalid. */
export function checkCommand(argv: string[], io: CliIo): number {
  const args = parseArgs(argv, ['schema'], []);
  if (args.positionals.length === 0) throw new UsageError('check needs at least one rules file');
  const schema = schemaFlag(args);
  let status = exitOk;
  for (const file of args.positionals) {
    let source: string;
    try {
      source = readUserFile(file);
    } catch (error) {
      io.err(`${(error as Error).message}\n`);
      status = Math.max(status, exitUsage);
      continue;
    }
    try {
      const rules = compileRules(source, { filename: file, schema });
      io.out(`${file}: ok (${rules.rules.length} rule${rules.rules.length === 1 ? '' : 's'}, mode ${rules.mode})\n`);
    } catch (error) {
      if (!(error instanceof RulesCompileError)) throw error;
      reportCompileError(io, error, source, file);
      status = Math.max(status, exitProblems);
    }
  }
  return status;
}
