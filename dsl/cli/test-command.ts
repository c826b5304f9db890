import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RulesCompileError } from '../diagnostics';
import { runRuleTestFile } from '../testing/rule-tests';
import { exitOk, exitProblems, parseArgs, type CliIo, UsageError } from './io';
import { readUserFile } from './read-source';
import { reportCompileError } from './report';

const testSuffix = '.rules.test.json';

/** Test files named by the arguments: directories are searched, `x.rules` means `x.rules.test.json`. */
function testFilesFor(target: string): string[] {
  if (!existsSync(target)) throw new UsageError(`${target}: no such file or directory`);
  if (statSync(target).isDirectory()) {
    return readdirSync(target, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith(testSuffix))
      .sort()
      .map((name) => join(target, name));
  }
  if (target.endsWith(testSuffix)) return [target];
  if (target.endsWith('.rules')) {
    const testFile = `${target}.test.json`;
    if (!existsSync(testFile)) throw new UsageError(`${target}: no rule tests beside it (expected ${testFile})`);
    return [testFile];
  }
  throw new UsageError(`${target}: expected a .rules file, a ${testSuffix} file or a directory`);
}

/** `test <file-or-dir...>`: runs rule authors' test cases; exit 1 on any failure. */
export function testCommand(argv: string[], io: CliIo): number {
  const args = parseArgs(argv, [], []);
  if (args.positionals.length === 0) throw new UsageError('test needs at least one rules file, test file or directory');
  const testFiles = [...new Set(args.positionals.flatMap(testFilesFor))];
  if (testFiles.length === 0) throw new UsageError(`no ${testSuffix} files found in ${args.positionals.join(', ')}`);
  let passed = 0;
  let failed = 0;
  for (const testFile of testFiles) {
    try {
      const report = runRuleTestFile(testFile);
      for (const testCase of report.cases) {
        if (testCase.failures.length === 0) {
          passed++;
          continue;
        }
        failed++;
        io.err(`${report.rulesFile}: FAIL ${testCase.name}\n${testCase.failures.map((f) => `    ${f}\n`).join('')}`);
      }
      const ok = report.cases.filter((c) => c.failures.length === 0).length;
      io.out(`${report.rulesFile}: ${ok}/${report.cases.length} cases passed\n`);
    } catch (error) {
      failed++;
      if (error instanceof RulesCompileError && error.filename) reportCompileError(io, error, readUserFile(error.filename), error.filename);
      else io.err(`${(error as Error).message}\n`);
    }
  }
  io.out(`${passed} passed, ${failed} failed\n`);
  return failed > 0 ? exitProblems : exitOk;
}
