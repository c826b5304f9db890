import type { CstElement, CstNode, IToken } from 'chevrotain';
import type { Diagnostic } from '../diagnostics';
import { isoInstant } from '../iso-time';
import type { Action, ActionArg, ArithmeticOp, CompareOp, Expr, LimitUnit, RuleAttributes, RuleDecl, RulesFile, Span, TextOp } from './ast';

/**
 * Turns a Chevrotain CST that parsed without errors into the AST, reporting literal-level
 * problems: bad escapes, impossible dates, repeated attributes.
 */
export function buildAst(cst: CstNode, diagnostics: Diagnostic[]): RulesFile {
  return new AstBuilder(diagnostics).file(cst, () => true);
}

/**
 * The AST of only the rules that came through parsing whole (no recovered node, no syntax
 * problem inside), so a file with syntax errors still gets its other rules checked.
 */
export function buildIntactRules(cst: CstNode, problems: readonly Span[], diagnostics: Diagnostic[]): RulesFile {
  const intact = (rule: CstNode) => !hasRecoveredNode(rule) && !problems.some((p) => spanContains(nodeSpan(rule), p));
  return new AstBuilder(diagnostics).file(cst, intact);
}

function hasRecoveredNode(node: CstNode): boolean {
  if (node.recoveredNode) return true;
  return Object.values(node.children).some((elements) => elements.some((e) => !isToken(e) && hasRecoveredNode(e)));
}

export function spanContains(outer: Span, point: Span): boolean {
  const after = point.line > outer.line || (point.line === outer.line && point.column >= outer.column);
  const before = point.line < outer.endLine || (point.line === outer.endLine && point.column <= outer.endColumn);
  return after && before;
}

const durationUnits: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const limitUnits: readonly LimitUnit[] = ['minute', 'hour', 'day'];

export function tokenSpan(token: IToken): Span {
  return {
    line: token.startLine ?? 1,
    column: token.startColumn ?? 1,
    endLine: token.endLine ?? token.startLine ?? 1,
    endColumn: token.endColumn ?? token.startColumn ?? 1,
  };
}

export function joinSpans(first: Span, last: Span): Span {
  return { line: first.line, column: first.column, endLine: last.endLine, endColumn: last.endColumn };
}

function isToken(element: CstElement): element is IToken {
  return (element as IToken).image !== undefined;
}

function tokens(node: CstNode, name: string): IToken[] {
  return (node.children[name] ?? []) as IToken[];
}

function token(node: CstNode, name: string): IToken {
  return tokens(node, name)[0];
}

function nodes(node: CstNode, name: string): CstNode[] {
  return (node.children[name] ?? []) as CstNode[];
}

function child(node: CstNode, name: string): CstNode {
  return nodes(node, name)[0];
}

/** The span of a whole CST node, from the location the parser tracked (`nodeLocationTracking: 'full'`). */
function nodeSpan(node: CstNode): Span {
  const l = node.location!;
  return { line: l.startLine!, column: l.startColumn!, endLine: l.endLine!, endColumn: l.endColumn! };
}

export function unescapeString(image: string): { value: string; badEscape?: { index: number; text: string } } {
  const body = image.endsWith('"') && image.length > 1 ? image.slice(1, -1) : image.slice(1);
  let value = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      value += c;
      continue;
    }
    const next = body[i + 1];
    if (next === '"' || next === '\\') {
      value += next;
      i++;
    } else {
      return { value, badEscape: { index: i + 1, text: `\\${next ?? ''}` } };
    }
  }
  return { value };
}

export function parseDuration(raw: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(raw)!;
  return Number(match[1]) * durationUnits[match[2]];
}

class AstBuilder {
  constructor(private readonly diagnostics: Diagnostic[]) {}

  private error(span: Span, message: string): void {
    this.diagnostics.push({ ...span, severity: 'error', message });
  }

  file(node: CstNode, keepRule: (rule: CstNode) => boolean): RulesFile {
    const modeNode = nodes(node, 'modeDecl')[0];
    const result: RulesFile = { rules: nodes(node, 'ruleDecl').filter(keepRule).map((r) => this.rule(r)) };
    if (modeNode && !modeNode.recoveredNode) {
      const value = tokens(modeNode, 'All').length > 0 ? 'all' : 'first';
      result.mode = { value, span: nodeSpan(modeNode) };
    }
    return result;
  }

  private string(tok: IToken): string {
    const { value, badEscape } = unescapeString(tok.image);
    if (badEscape) {
      const span = tokenSpan(tok);
      const column = span.column + badEscape.index;
      this.error({ ...span, column, endColumn: column + 1 }, `unknown escape ${badEscape.text} in a string: only \\" and \\\\ are allowed`);
    }
    return value;
  }

  private instant(tok: IToken): number {
    const isDate = tok.tokenType.name === 'DateLiteral';
    const value = isoInstant(tok.image);
    if (value === undefined) {
      this.error(tokenSpan(tok), `${tok.image} is not a valid ${isDate ? 'date' : 'date-time'}`);
      return 0;
    }
    return value;
  }

  private rule(node: CstNode): RuleDecl {
    const nameToken = token(node, 'name');
    const attributes: RuleAttributes = {};
    for (const attr of nodes(node, 'attribute')) this.attribute(attr, attributes);
    return {
      name: this.string(nameToken),
      nameSpan: tokenSpan(nameToken),
      attributes,
      condition: this.orExpr(child(node, 'condition')),
      actions: nodes(node, 'action').map((a) => this.action(a)),
      span: nodeSpan(node),
      whenSpan: tokenSpan(token(node, 'When')),
      thenSpan: tokenSpan(token(node, 'Then')),
      endSpan: tokenSpan(token(node, 'End')),
    };
  }

  private attribute(wrapper: CstNode, into: RuleAttributes): void {
    const [name, elements] = Object.entries(wrapper.children)[0];
    const node = elements[0] as CstNode;
    const span = nodeSpan(node);
    const key = name.replace(/Attr$/, '') as keyof RuleAttributes;
    if (into[key]) {
      this.error(span, `the attribute '${key}' is given twice in this rule`);
      return;
    }
    switch (key) {
      case 'id':
        into.id = { value: this.string(token(node, 'StringLiteral')), span };
        break;
      case 'category':
        into.category = { value: token(node, 'Identifier').image, span };
        break;
      case 'priority': {
        const raw = (tokens(node, 'Minus').length ? '-' : '') + token(node, 'NumberLiteral').image;
        into.priority = { value: Number(raw), raw, span };
        break;
      }
      case 'tags':
        into.tags = { values: tokens(node, 'StringLiteral').map((t) => this.string(t)), span };
        break;
      case 'enabled':
        into.enabled = { value: tokens(node, 'True').length > 0, span };
        break;
      case 'valid': {
        const bound = (label: string) => {
          const instantNode = nodes(node, label)[0];
          if (!instantNode) return undefined;
          const tok = Object.values(instantNode.children)[0][0] as IToken;
          return { value: this.instant(tok), raw: tok.image };
        };
        into.valid = { from: bound('from'), until: bound('until'), span };
        break;
      }
      case 'limit': {
        const unitToken = token(node, 'unit');
        const unit = unitToken.image as LimitUnit;
        if (!limitUnits.includes(unit)) this.error(tokenSpan(unitToken), `unknown limit unit '${unitToken.image}': use minute, hour or day`);
        const raw = token(node, 'NumberLiteral').image;
        into.limit = { count: Number(raw), raw, unit, span };
        break;
      }
    }
  }

  private action(node: CstNode): Action {
    const stop = tokens(node, 'Stop')[0];
    if (stop) return { kind: 'stop', span: tokenSpan(stop) };
    const name = token(node, 'name');
    const args: ActionArg[] = nodes(node, 'namedArg').map((arg) => {
      const argName = token(arg, 'name');
      return { name: argName.image, nameSpan: tokenSpan(argName), value: this.additive(child(arg, 'value')) };
    });
    return { kind: 'call', name: name.image, nameSpan: tokenSpan(name), args, span: nodeSpan(node) };
  }

  private orExpr(node: CstNode): Expr {
    return nodes(node, 'operands')
      .map((n) => this.andExpr(n))
      .reduce((left, right) => ({ kind: 'or', left, right, span: joinSpans(left.span, right.span) }));
  }

  private andExpr(node: CstNode): Expr {
    return nodes(node, 'operands')
      .map((n) => this.notExpr(n))
      .reduce((left, right) => ({ kind: 'and', left, right, span: joinSpans(left.span, right.span) }));
  }

  private notExpr(node: CstNode): Expr {
    const operand = nodes(node, 'operand')[0];
    if (operand) return { kind: 'not', operand: this.notExpr(operand), span: nodeSpan(node) };
    const quantifier = nodes(node, 'quantifier')[0];
    if (quantifier) return this.quantifier(quantifier);
    return this.predicate(child(node, 'predicate'));
  }

  private quantifier(node: CstNode): Expr {
    const kindToken = (tokens(node, 'Any')[0] ?? tokens(node, 'All')[0] ?? tokens(node, 'None')[0])!;
    const variable = token(node, 'variable');
    return {
      kind: 'quantifier',
      quantifier: kindToken.image as 'any' | 'all' | 'none',
      variable: variable.image,
      variableSpan: tokenSpan(variable),
      list: this.additive(child(node, 'list')),
      where: this.orExpr(child(node, 'where')),
      span: nodeSpan(node),
    };
  }

  private predicate(node: CstNode): Expr {
    const subject = this.additive(child(node, 'subject'));
    const tail = nodes(node, 'predicateTail')[0];
    if (!tail) return subject;
    const span = joinSpans(subject.span, nodeSpan(tail));
    const op = tokens(tail, 'op')[0];
    if (op) {
      const compareOp = (op.image === '==' ? '=' : op.image) as CompareOp;
      return { kind: 'compare', op: compareOp, left: subject, right: this.additive(child(tail, 'right')), span };
    }
    if (tokens(tail, 'Between').length) {
      return { kind: 'between', subject, low: this.additive(child(tail, 'low')), high: this.additive(child(tail, 'high')), span };
    }
    if (tokens(tail, 'In').length) {
      return { kind: 'in', negated: tokens(tail, 'Not').length > 0, subject, list: this.additive(child(tail, 'right')), span };
    }
    const textOp = tokens(tail, 'textOp')[0];
    if (textOp) {
      const textOps: Record<string, TextOp> = { contains: 'contains', starts: 'starts_with', ends: 'ends_with' };
      return { kind: 'text', op: textOps[textOp.image], subject, operand: this.additive(child(tail, 'right')), span };
    }
    return { kind: 'presence', present: tokens(tail, 'Present').length > 0, subject, span };
  }

  private additive(node: CstNode): Expr {
    return this.binaryChain(node, (n) => this.multiplicative(n));
  }

  private multiplicative(node: CstNode): Expr {
    return this.binaryChain(node, (n) => this.unary(n));
  }

  private binaryChain(node: CstNode, operand: (n: CstNode) => Expr): Expr {
    const operands = nodes(node, 'operands').map(operand);
    const ops = tokens(node, 'ops');
    return operands.reduce((left, right, i) => ({
      kind: 'arithmetic',
      op: ops[i - 1].image as ArithmeticOp,
      left,
      right,
      span: joinSpans(left.span, right.span),
    }));
  }

  private unary(node: CstNode): Expr {
    const operand = nodes(node, 'operand')[0];
    if (operand) return { kind: 'negate', operand: this.unary(operand), span: nodeSpan(node) };
    return this.atom(child(node, 'atom'));
  }

  private atom(node: CstNode): Expr {
    const [name, elements] = Object.entries(node.children).find(([key]) => key !== 'LParen' && key !== 'RParen')!;
    const first = elements[0];
    if (!isToken(first)) {
      if (name === 'group') return this.orExpr(first);
      if (name === 'listLiteral') return { kind: 'list', items: nodes(first, 'items').map((i) => this.additive(i)), span: nodeSpan(first) };
      return this.callOrPath(first);
    }
    const span = tokenSpan(first);
    const raw = first.image;
    switch (name) {
      case 'NumberLiteral':
        return { kind: 'number', value: Number(raw), raw, span };
      case 'PercentLiteral':
        return { kind: 'number', value: Number(raw.slice(0, -1)) / 100, raw, span };
      case 'StringLiteral':
        return { kind: 'string', value: this.string(first), span };
      case 'True':
      case 'False':
        return { kind: 'boolean', value: name === 'True', span };
      case 'DateLiteral':
      case 'DateTimeLiteral':
        return { kind: 'timestamp', value: this.instant(first), raw, span };
      case 'DurationLiteral':
        return { kind: 'duration', value: parseDuration(raw), raw, span };
      default:
        return { kind: 'now', span };
    }
  }

  private callOrPath(node: CstNode): Expr {
    const head = token(node, 'head');
    const span = nodeSpan(node);
    if (tokens(node, 'LParen').length) {
      return { kind: 'call', name: head.image, nameSpan: tokenSpan(head), args: nodes(node, 'args').map((a) => this.additive(a)), span };
    }
    const segments = [head, ...tokens(node, 'segments')].map((t) => ({ name: t.image, span: tokenSpan(t) }));
    return { kind: 'path', segments, span };
  }
}
