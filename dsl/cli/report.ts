import { RulesCompileError, formatDiagnostic } from '../diagnostics';
import type { CliIo } from './io';

/** Prints every diagnostic of a compile error as `file:line:column: error: message`, source line and caret. */
export function reportCompileError(io: CliIo, error: RulesCompileError, source: string, filename: string): void {
  for (const diagnostic of error.diagnostics) io.err(`${formatDiagnostic(source, diagnostic, filename)}\n`);
}
