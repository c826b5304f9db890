import type { IToken } from 'chevrotain';
import { RulesCompileError } from '../diagnostics';
import { parseRules, withStackGuard } from '../compile';
import type { Expr, RuleDecl, RulesFile, Span } from '../syntax/ast';
import { lex } from '../syntax/lexer';
import { printExpr, printValue, quoteString } from '../syntax/printer';

/** One output line, anchored to the source span it came from so comments can follow it. */
interface Line {
  text: string;
  indent: number;
  span: Span;
  blankBefore: boolean;
  leading: string[];
  trailing?: string;
}

const maxWidth = 80;

/**
 * Canonical formatting: fixed attribute order, two-space indentation, one blank line between
 * rules, long top-level `and`/`or` conditions one operand per line. Comments are kept: a comment
 * at the end of a line stays there, any other comment moves to its own line above the next line.
 * Throws `RulesCompileError` when the source does not parse.
 */
export function formatRules(source: string, filename?: string): string {
  const { file, diagnostics } = parseRules(source);
  if (!file) throw new RulesCompileError(diagnostics, filename);
  const lines = withStackGuard(() => layout(file), filename);
  const fileTrailing = attachComments(lines, lex(source).comments);
  const out: string[] = [];
  for (const line of lines) {
    if (line.blankBefore && out.length > 0) out.push('');
    const pad = ' '.repeat(line.indent);
    for (const comment of line.leading) out.push(pad + comment);
    out.push(pad + line.text + (line.trailing ? `  ${line.trailing}` : ''));
  }
  if (fileTrailing.length > 0) {
    if (out.length > 0) out.push('');
    out.push(...fileTrailing);
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

function line(text: string, indent: number, span: Span, blankBefore = false): Line {
  return { text, indent, span, blankBefore, leading: [] };
}

function layout(file: RulesFile): Line[] {
  const lines: Line[] = [];
  if (file.mode) lines.push(line(`mode ${file.mode.value}`, 0, file.mode.span));
  for (const rule of file.rules) lines.push(...ruleLines(rule));
  return lines;
}

function ruleLines(rule: RuleDecl): Line[] {
  const a = rule.attributes;
  const header: Span = { ...rule.span, endLine: rule.nameSpan.endLine, endColumn: rule.nameSpan.endColumn };
  const lines = [line(`rule ${quoteString(rule.name)}`, 0, header, true)];
  const attribute = (text: string, span: Span) => lines.push(line(text, 2, span));
  if (a.id) attribute(`id ${quoteString(a.id.value)}`, a.id.span);
  if (a.category) attribute(`category ${a.category.value}`, a.category.span);
  if (a.priority) attribute(`priority ${a.priority.raw}`, a.priority.span);
  if (a.tags) attribute(`tags ${a.tags.values.map(quoteString).join(', ')}`, a.tags.span);
  if (a.enabled) attribute(`enabled ${a.enabled.value}`, a.enabled.span);
  if (a.valid) {
    const bounds = [a.valid.from && `from ${a.valid.from.raw}`, a.valid.until && `until ${a.valid.until.raw}`].filter(Boolean);
    attribute(['valid', ...bounds].join(' '), a.valid.span);
  }
  if (a.limit) attribute(`limit ${a.limit.raw} per ${a.limit.unit}`, a.limit.span);
  lines.push(line('when', 0, rule.whenSpan));
  lines.push(...conditionLines(rule.condition));
  lines.push(line('then', 0, rule.thenSpan));
  for (const action of rule.actions) {
    const text = action.kind === 'stop' ? 'stop' : `${action.name}(${action.args.map((arg) => `${arg.name}: ${printValue(arg.value)}`).join(', ')})`;
    lines.push(line(text, 2, action.span));
  }
  lines.push(line('end', 0, rule.endSpan));
  return lines;
}

/** The operands of a left-nested chain of one connective; a right operand of the same kind stays whole (it had parentheses). */
function leftChain(expr: Expr, kind: 'and' | 'or'): Expr[] {
  return expr.kind === kind ? [...leftChain(expr.left, kind), expr.right] : [expr];
}

function conditionLines(condition: Expr): Line[] {
  const single = printExpr(condition);
  if (single.length + 2 <= maxWidth || (condition.kind !== 'and' && condition.kind !== 'or')) return [line(single, 2, condition.span)];
  const kind = condition.kind;
  return leftChain(condition, kind).map((operand, i) => {
    // A right operand of the same connective was written in parentheses; `and` and `or` never mix bare.
    const needsParens = operand.kind === 'and' || operand.kind === 'or';
    const text = needsParens ? `(${printExpr(operand)})` : printExpr(operand);
    return line(i === 0 ? text : `${kind} ${text}`, 2, operand.span);
  });
}

type Position = { line: number; column: number };

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.column < b.column);
}

const end = (span: Span): Position => ({ line: span.endLine, column: span.endColumn });

/**
 * Attaches each comment to a line; returns the comments after the last line. Lines are in
 * canonical order, not source order (attributes are reordered), so the nearest line is found
 * by source position.
 */
function attachComments(lines: Line[], comments: IToken[]): string[] {
  const rest: string[] = [];
  for (const comment of comments) {
    const at: Position = { line: comment.startLine ?? 1, column: comment.startColumn ?? 1 };
    const text = comment.image.trimEnd();
    // At the end of a line: stays after the last construct that ends before it on that line.
    const trailingOf = lines
      .filter((l) => l.span.endLine === at.line && l.span.endColumn < at.column && !l.trailing)
      .reduce<Line | undefined>((best, l) => (!best || before(end(best.span), end(l.span)) ? l : best), undefined);
    if (trailingOf) {
      trailingOf.trailing = text;
      continue;
    }
    // Inside a construct written over several lines but printed as one: above that line.
    const enclosing = lines.find((l) => before(l.span, at) && before(at, end(l.span)));
    // Otherwise: above the first line that follows it in the source.
    const target =
      enclosing ?? lines.filter((l) => before(at, l.span)).reduce<Line | undefined>((best, l) => (!best || before(l.span, best.span) ? l : best), undefined);
    if (target) target.leading.push(text);
    else rest.push(text);
  }
  return rest;
}
