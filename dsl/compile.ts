import type { ZodTypeAny } from 'zod';
import { checkFile } from './checker';
import { CompiledRuleSet } from './compiler/rule-set';
import { RulesCompileError, sortDiagnostics, type Diagnostic } from './diagnostics';
import { orderFactsSchema } from './schema/order-facts';
import type { RulesFile } from './syntax/ast';
import { buildAst, buildIntactRules, spanContains, tokenSpan } from './syntax/ast-builder';
import { lex } from './syntax/lexer';
import { parseTokens } from './syntax/parser';
import { typeFromZod, type Type } from './types';

export interface CompileOptions {
  /** Shown in error messages. */
  filename?: string;
  /** Facts the rules are checked against: the order facts (default), none, or your own zod object schema. */
  schema?: 'order' | 'none' | ZodTypeAny;
}

const orderFactsType = typeFromZod(orderFactsSchema);

const tooDeep = (): Diagnostic => ({
  line: 1,
  column: 1,
  endLine: 1,
  endColumn: 1,
  severity: 'error',
  message: "this file is too deeply nested to process: split the long chains of 'not', '-', 'and', 'or' or arithmetic",
});

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/**
 * Runs a stage that recurses over the source's structure. Thousands of nested `not`s or chained
 * `and`s overflow the stack; that becomes a diagnostic instead of a RangeError.
 */
export function withStackGuard<T>(run: () => T, filename?: string): T {
  try {
    return run();
  } catch (error) {
    if (isStackOverflow(error)) throw new RulesCompileError([tooDeep()], filename);
    throw error;
  }
}

export interface ParsedRules {
  file?: RulesFile;
  intact?: RulesFile;
  diagnostics: Diagnostic[];
}

/**
 * Lexes and parses a source; returns the AST only when there is no syntax error. Otherwise
 * `intact` holds the rules that parsed whole, for semantic checks alongside the syntax errors.
 */
export function parseRules(source: string): ParsedRules {
  // Sources come from files and n8n parameters: an absent one deserves a clear message, not a crash.
  if (typeof source !== 'string') throw new TypeError(`rules source must be a string, not ${source === null ? 'null' : typeof source}`);
  try {
    return parse(source);
  } catch (error) {
    if (isStackOverflow(error)) return { diagnostics: [tooDeep()] };
    throw error;
  }
}

function parse(source: string): ParsedRules {
  const lexed = lex(source);
  const diagnostics: Diagnostic[] = lexed.errors.map((e) => ({
    line: e.line,
    column: e.column,
    endLine: e.line,
    endColumn: e.column + Math.max(1, e.length) - 1,
    severity: 'error',
    message: e.message,
  }));
  const parsed = parseTokens(lexed.tokens);
  for (const error of parsed.errors) {
    const span = Number.isNaN(error.token.startOffset) || error.token.tokenType.name === 'EOF' ? endOfSource(source) : tokenSpan(error.token);
    diagnostics.push({ ...span, severity: 'error', message: error.message });
  }
  if (diagnostics.length > 0) {
    const syntax = sortDiagnostics(dedupe(diagnostics));
    const literalProblems: Diagnostic[] = [];
    const intact = buildIntactRules(parsed.cst, syntax, literalProblems);
    return { diagnostics: sortDiagnostics([...syntax, ...literalProblems]), intact: withoutRulesHaving(intact, literalProblems) };
  }
  const file = buildAst(parsed.cst, diagnostics);
  if (diagnostics.length === 0) return { file, diagnostics };
  return { diagnostics: sortDiagnostics(diagnostics), intact: withoutRulesHaving(file, diagnostics) };
}

/** The file without the rules that contain one of the problems (their literals could not be read). */
function withoutRulesHaving(file: RulesFile, problems: readonly Diagnostic[]): RulesFile {
  return { ...file, rules: file.rules.filter((rule) => !problems.some((p) => spanContains(rule.span, p))) };
}

/** Recovery can report the same spot twice; keep the first message per position. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.line}:${d.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function endOfSource(source: string): { line: number; column: number; endLine: number; endColumn: number } {
  // Line breaks as the lexer counts them: \n, \r\n and a lone \r.
  const lines = source.split(/\r\n?|\n/);
  while (lines.length > 1 && lines[lines.length - 1].trim() === '') lines.pop();
  const line = lines.length;
  const column = lines[line - 1].length + 1;
  return { line, column, endLine: line, endColumn: column };
}

function factsType(schema: CompileOptions['schema']): Type | undefined {
  if (schema === undefined || schema === 'order') return orderFactsType;
  if (schema === 'none') return undefined;
  return typeFromZod(schema);
}

/**
 * Parses, checks and compiles a rules source. Throws `RulesCompileError` with every
 * diagnostic (1-based line and column) when anything is wrong.
 */
export function compileRules(source: string, options: CompileOptions = {}): CompiledRuleSet {
  const { file, intact, diagnostics } = parseRules(source);
  if (!file) {
    if (intact) withStackGuard(() => checkFile(intact, factsType(options.schema), diagnostics), options.filename);
    throw new RulesCompileError(sortDiagnostics(diagnostics), options.filename);
  }
  return withStackGuard(() => {
    const checked = checkFile(file, factsType(options.schema), diagnostics);
    if (diagnostics.length > 0) throw new RulesCompileError(sortDiagnostics(diagnostics), options.filename);
    return new CompiledRuleSet(file, checked.ids, checked.types);
  }, options.filename);
}
