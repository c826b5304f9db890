import { compileRules, parseRules, RulesCompileError, type CompileOptions } from '../../index';
import type { RulesFile } from '../../dsl/syntax/ast';

/** The diagnostics `compileRules` throws, as `{ line, column, message }`; fails if it compiles. */
export function diagnosticsOf(source: string, options?: CompileOptions): { line: number; column: number; message: string }[] {
  try {
    compileRules(source, options);
  } catch (error) {
    if (!(error instanceof RulesCompileError)) throw error;
    return error.diagnostics.map(({ line, column, message }) => ({ line, column, message }));
  }
  throw new Error(`expected a RulesCompileError for:\n${source}`);
}

/** Lines as the lexer counts them (\n, \r\n and a lone \r end a line). */
export function sourceLines(source: string): string[] {
  return source.split(/\r\n?|\n/);
}

const spanKeys = new Set(['span', 'nameSpan', 'variableSpan', 'whenSpan', 'thenSpan', 'endSpan']);

/** A deep copy of an AST without source positions, for "same structure" comparisons. */
export function stripSpans<T>(node: T): T {
  if (Array.isArray(node)) return node.map(stripSpans) as T;
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (!spanKeys.has(key) && value !== undefined) out[key] = stripSpans(value);
  }
  return out as T;
}

/** The span-free AST of a source that must parse. */
export function astOf(source: string): RulesFile {
  const { file, diagnostics } = parseRules(source);
  if (!file) throw new Error(`does not parse: ${JSON.stringify(diagnostics)}\n${source}`);
  return stripSpans(file);
}

/**
 * Asserts that `run` either returns or throws a RulesCompileError whose diagnostics are well
 * formed for `source`: positive positions inside the file, non-empty messages, ends not before starts.
 */
export function expectOnlyCompileErrors(source: string, run: () => unknown): { ok: boolean; error?: RulesCompileError } {
  try {
    run();
    return { ok: true };
  } catch (error) {
    if (!(error instanceof RulesCompileError)) {
      throw new Error(`not a RulesCompileError (${String(error)}) for ${JSON.stringify(source)}\n${(error as Error).stack}`);
    }
    const lines = sourceLines(source);
    if (error.diagnostics.length === 0) throw new Error(`RulesCompileError without diagnostics for ${JSON.stringify(source)}`);
    for (const d of error.diagnostics) {
      const where = `${JSON.stringify(d)} in ${JSON.stringify(source)}`;
      if (!(Number.isInteger(d.line) && d.line >= 1 && d.line <= lines.length)) throw new Error(`bad line: ${where}`);
      if (!(Number.isInteger(d.column) && d.column >= 1 && d.column <= lines[d.line - 1].length + 1)) throw new Error(`bad column: ${where}`);
      if (!(d.endLine > d.line || (d.endLine === d.line && d.endColumn >= d.column))) throw new Error(`end before start: ${where}`);
      if (typeof d.message !== 'string' || d.message.trim() === '') throw new Error(`empty message: ${where}`);
    }
    return { ok: false, error };
  }
}
