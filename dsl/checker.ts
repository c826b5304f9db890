import { actions, describeParamType, type ParamType } from './catalog/actions';
import { functions } from './catalog/functions';
import { didYouMean, type Diagnostic } from './diagnostics';
import type { Action, CompareOp, Expr, RuleDecl, RulesFile, Span } from './syntax/ast';
import { joinSpans } from './syntax/ast-builder';
import { literalOf, numericLiteralOf } from './syntax/literal';
import {
  booleanType,
  comparable,
  describeType,
  durationType,
  integerType,
  listOf,
  numberType,
  stringType,
  timestampType,
  unknownType,
  type Type,
} from './types';

/** The static type of every expression node, for the compiler's choice of operations. */
export type TypeTable = Map<Expr, Type>;

export interface CheckedFile {
  types: TypeTable;
  /** Rule ids in file order (given or derived from the name). */
  ids: string[];
}

/** `id` when none is given: the name lower-cased, runs of other characters as one "-", trimmed. */
export function defaultRuleId(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Static checks of a parsed file against a facts type (`undefined` = schema "none": field
 * names and types are not checked, everything else is).
 */
export function checkFile(file: RulesFile, facts: Type | undefined, diagnostics: Diagnostic[]): CheckedFile {
  const checker = new Checker(facts, diagnostics);
  const ids = file.rules.map((rule) => checker.rule(rule));
  const firstUse = new Map<string, RuleDecl>();
  file.rules.forEach((rule, i) => {
    const earlier = firstUse.get(ids[i]);
    const span = rule.attributes.id?.span ?? rule.nameSpan;
    if (earlier) checker.error(span, `duplicate rule id '${ids[i]}' (first used by the rule on line ${earlier.nameSpan.line})`);
    else firstUse.set(ids[i], rule);
  });
  return { types: checker.types, ids };
}

type Scope = ReadonlyMap<string, Type>;

const orderedKinds = new Set(['number', 'string', 'enum', 'timestamp', 'duration', 'unknown']);

class Checker {
  readonly types: TypeTable = new Map();

  constructor(
    private readonly facts: Type | undefined,
    private readonly diagnostics: Diagnostic[],
  ) {}

  error(span: Span, message: string): void {
    this.diagnostics.push({ ...span, severity: 'error', message });
  }

  rule(rule: RuleDecl): string {
    const { attributes: a } = rule;
    const id = a.id?.value ?? defaultRuleId(rule.name);
    if (a.id && a.id.value.trim() === '') this.error(a.id.span, 'a rule id cannot be empty');
    else if (!a.id && id === '') this.error(rule.nameSpan, 'this rule name gives an empty id: add an id "..." line');
    if (a.priority && !(Number.isInteger(a.priority.value) && a.priority.value >= 0 && a.priority.value <= 100)) {
      this.error(a.priority.span, `priority must be a whole number from 0 to 100, not ${a.priority.raw}`);
    }
    if (a.limit && !(Number.isInteger(a.limit.count) && a.limit.count > 0)) {
      this.error(a.limit.span, `a limit must be a whole number above 0, not ${a.limit.raw}`);
    }
    if (a.valid) {
      const { from, until } = a.valid;
      if (!from && !until) this.error(a.valid.span, "'valid' needs 'from <date>', 'until <date>' or both");
      else if (from && until && from.value >= until.value) this.error(a.valid.span, `'valid from ${from.raw}' must be before 'until ${until.raw}'`);
    }
    this.condition(rule.condition, new Map(), 'a rule condition');
    for (const action of rule.actions) this.action(action);
    return id;
  }

  /** Checks a boolean position: the expression must be true/false (or of unknown type). */
  private condition(expr: Expr, scope: Scope, what: string): void {
    const type = this.infer(expr, scope);
    if (type.kind !== 'boolean' && type.kind !== 'unknown') {
      this.error(expr.span, `${what} must be true or false, but this is ${article(describeType(type))}`);
    }
  }

  private infer(expr: Expr, scope: Scope): Type {
    const type = this.inferUncached(expr, scope);
    this.types.set(expr, type);
    return type;
  }

  private inferUncached(expr: Expr, scope: Scope): Type {
    switch (expr.kind) {
      case 'number':
        return Number.isInteger(expr.value) && !expr.raw.includes('%') ? integerType : numberType;
      case 'string':
        return stringType;
      case 'boolean':
        return booleanType;
      case 'timestamp':
      case 'now':
        return timestampType;
      case 'duration':
        return durationType;
      case 'list':
        return this.list(expr.items, scope);
      case 'path':
        return this.path(expr, scope);
      case 'call':
        return this.call(expr, scope);
      case 'negate': {
        const type = this.infer(expr.operand, scope);
        if (!['number', 'duration', 'unknown'].includes(type.kind)) this.error(expr.span, `cannot negate ${article(describeType(type))}`);
        return type.kind === 'number' || type.kind === 'duration' ? type : unknownType;
      }
      case 'arithmetic':
        return this.arithmetic(expr, scope);
      case 'compare':
        this.compare(expr.op, expr.left, expr.right, scope, expr.span);
        return booleanType;
      case 'between':
        this.between(expr, scope);
        return booleanType;
      case 'in':
        this.membership(expr.subject, expr.list, scope);
        return booleanType;
      case 'text':
        this.text(expr, scope);
        return booleanType;
      case 'presence':
        this.infer(expr.subject, scope);
        return booleanType;
      case 'and':
      case 'or':
        this.condition(expr.left, scope, `the left side of '${expr.kind}'`);
        this.condition(expr.right, scope, `the right side of '${expr.kind}'`);
        return booleanType;
      case 'not':
        this.condition(expr.operand, scope, "what follows 'not'");
        return booleanType;
      case 'quantifier': {
        const listType = this.infer(expr.list, scope);
        if (listType.kind !== 'list' && listType.kind !== 'unknown') {
          this.error(expr.list.span, `'${expr.quantifier} ${expr.variable} in ...' needs a list, but this is ${article(describeType(listType))}`);
        }
        const inner = new Map(scope).set(expr.variable, listType.kind === 'list' ? listType.of : unknownType);
        this.condition(expr.where, inner, "the 'where' condition");
        return booleanType;
      }
    }
  }

  private list(items: Expr[], scope: Scope): Type {
    const types = items.map((item) => this.infer(item, scope));
    const known = types.filter((t) => t.kind !== 'unknown');
    if (known.length === 0) return listOf(unknownType);
    const first = known[0];
    const mixed = known.findIndex((t) => !comparable(t, first));
    if (mixed >= 0) {
      this.error(items[types.indexOf(known[mixed])].span, `list items must all be of one type: ${describeType(known[mixed])} among ${describeType(first)} items`);
      return listOf(unknownType);
    }
    const allInteger = known.every((t) => t.kind === 'number' && t.integer);
    return listOf(first.kind === 'number' ? { kind: 'number', integer: allInteger } : first);
  }

  private path(expr: Extract<Expr, { kind: 'path' }>, scope: Scope): Type {
    const [head, ...rest] = expr.segments;
    let type: Type;
    const variable = scope.get(head.name);
    if (variable) type = variable;
    else if (!this.facts || this.facts.kind !== 'object') type = unknownType;
    else {
      const field = own(this.facts.fields, head.name);
      if (!field) {
        this.error(head.span, `unknown field '${head.name}'${didYouMean(head.name, [...Object.keys(this.facts.fields), ...scope.keys()])}`);
        return unknownType;
      }
      type = field;
    }
    let shown = head.name;
    for (const segment of rest) {
      const next = fieldOf(type, segment.name);
      if (next === undefined) {
        const fields = objectFields(type);
        this.error(
          segment.span,
          fields
            ? `'${shown}' has no field '${segment.name}'${didYouMean(segment.name, Object.keys(fields))}`
            : `'${shown}' is ${article(describeType(type))} and has no fields`,
        );
        return unknownType;
      }
      type = next;
      shown += `.${segment.name}`;
    }
    return type;
  }

  private call(expr: Extract<Expr, { kind: 'call' }>, scope: Scope): Type {
    const argTypes = expr.args.map((arg) => this.infer(arg, scope));
    const spec = own(functions, expr.name);
    if (!spec) {
      this.error(expr.nameSpan, `unknown function '${expr.name}'${didYouMean(expr.name, Object.keys(functions))}; functions are ${Object.keys(functions).join(', ')}`);
      return unknownType;
    }
    if (expr.args.length !== spec.arity) {
      this.error(expr.span, `${expr.name}() takes ${spec.arity} argument${spec.arity === 1 ? '' : 's'}, not ${expr.args.length}`);
      return unknownType;
    }
    const result = spec.check(argTypes);
    if (typeof result === 'string') {
      this.error(expr.args[0].span, result);
      return unknownType;
    }
    return result;
  }

  private arithmetic(expr: Extract<Expr, { kind: 'arithmetic' }>, scope: Scope): Type {
    const left = this.infer(expr.left, scope);
    const right = this.infer(expr.right, scope);
    const result = arithmeticResult(expr.op, left, right);
    if (!result) {
      this.error(expr.span, `cannot compute ${describeType(left)} ${expr.op} ${describeType(right)}`);
      return unknownType;
    }
    return result;
  }

  /** Checks one comparison; returns false when it reported a problem. */
  private compare(op: CompareOp, left: Expr, right: Expr, scope: Scope, span: Span): boolean {
    const leftType = this.infer(left, scope);
    const rightType = this.infer(right, scope);
    if (!comparable(leftType, rightType)) {
      this.error(span, `cannot compare ${describeType(leftType)} with ${describeType(rightType)}`);
      return false;
    }
    const ordered = op !== '=' && op !== '!=';
    if (ordered && (!orderedKinds.has(leftType.kind) || !orderedKinds.has(rightType.kind) || leftType.kind === 'enum' || rightType.kind === 'enum')) {
      const type = orderedKinds.has(leftType.kind) && leftType.kind !== 'enum' ? rightType : leftType;
      this.error(span, `'${op}' needs numbers, strings, timestamps or durations; ${describeType(type)} values have no order`);
      return false;
    }
    this.enumLiteral(leftType, right);
    this.enumLiteral(rightType, left);
    return true;
  }

  /** A string literal compared with an enum field must be one of its values. */
  private enumLiteral(type: Type, literal: Expr): void {
    if (type.kind !== 'enum' || literal.kind !== 'string' || type.values.includes(literal.value)) return;
    this.error(
      literal.span,
      `"${literal.value}" is not a ${type.name} value${didYouMean(literal.value, type.values)}; expected one of ${type.values.join(', ')}`,
    );
  }

  private between(expr: Extract<Expr, { kind: 'between' }>, scope: Scope): void {
    // One problem per `between`: the second comparison would only repeat the first one's.
    if (!this.compare('>=', expr.subject, expr.low, scope, expr.span)) return;
    if (!this.compare('<=', expr.subject, expr.high, scope, expr.span)) return;
    const low = literalOf(expr.low);
    const high = literalOf(expr.high);
    if (low !== undefined && typeof low === typeof high && typeof low !== 'boolean' && low > high!) {
      this.error(joinSpans(expr.low.span, expr.high.span), `'between' bounds are reversed: the low bound is above the high bound`);
    }
  }

  private membership(subject: Expr, list: Expr, scope: Scope): void {
    const subjectType = this.infer(subject, scope);
    const listType = this.infer(list, scope);
    if (listType.kind !== 'list' && listType.kind !== 'unknown') {
      this.error(list.span, `'in' needs a list on its right, but this is ${article(describeType(listType))}`);
      return;
    }
    const elementType = listType.kind === 'list' ? listType.of : unknownType;
    if (!comparable(subjectType, elementType)) {
      this.error(list.span, `cannot look for ${article(describeType(subjectType))} in a ${describeType(listType)}`);
      return;
    }
    if (list.kind === 'list') for (const item of list.items) this.enumLiteral(subjectType, item);
  }

  private text(expr: Extract<Expr, { kind: 'text' }>, scope: Scope): void {
    const subject = this.infer(expr.subject, scope);
    const operand = this.infer(expr.operand, scope);
    const word = expr.op.replace('_', ' ');
    if (expr.op === 'contains' && subject.kind === 'list') {
      if (!comparable(subject.of, operand)) this.error(expr.span, `a ${describeType(subject)} cannot contain ${article(describeType(operand))}`);
      else this.enumLiteral(subject.of, expr.operand);
      return;
    }
    // An untyped subject (schema "none", or after an error) may be a list, which may contain anything.
    if (expr.op === 'contains' && subject.kind === 'unknown') return;
    const isText = (t: Type) => t.kind === 'string' || t.kind === 'enum' || t.kind === 'unknown';
    if (!isText(subject)) {
      this.error(expr.subject.span, `'${word}' needs a string${expr.op === 'contains' ? ' or a list' : ''} on its left, but this is ${article(describeType(subject))}`);
    } else if (!isText(operand)) {
      this.error(expr.operand.span, `'${word}' needs a string on its right, but this is ${article(describeType(operand))}`);
    }
  }

  private action(action: Action): void {
    if (action.kind === 'stop') return;
    const spec = own(actions, action.name);
    if (!spec) {
      this.error(action.nameSpan, `unknown action '${action.name}'${didYouMean(action.name, Object.keys(actions))}`);
      return;
    }
    const seen = new Set<string>();
    for (const arg of action.args) {
      const param = own(spec.params, arg.name);
      if (!param) {
        const known = Object.keys(spec.params);
        const hint = known.length ? `${didYouMean(arg.name, known)}; it takes ${known.join(', ')}` : '; it takes no parameters';
        this.error(arg.nameSpan, `${action.name}() has no parameter '${arg.name}'${hint}`);
        continue;
      }
      if (seen.has(arg.name)) this.error(arg.nameSpan, `the parameter '${arg.name}' is given twice`);
      seen.add(arg.name);
      const problem = argumentProblem(param.type, arg.value);
      if (problem) this.error(arg.value.span, `${action.name}(${arg.name}: ...) ${problem}`);
    }
    for (const [name, param] of Object.entries(spec.params)) {
      if (param.required && !seen.has(name)) this.error(action.span, `${action.name}() needs the parameter '${name}' (${describeParamType(param.type)})`);
    }
  }
}

/**
 * A record's own entry: names come from rule authors, and a plain `record[name]` would find
 * `constructor`, `toString`, `__proto__`... on Object.prototype and crash the checker.
 */
function own<T>(record: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

function article(text: string): string {
  return /^[aeiou]/i.test(text) ? `an ${text}` : `a ${text}`;
}

function objectFields(type: Type): Readonly<Record<string, Type>> | undefined {
  if (type.kind === 'object') return type.fields;
  if (type.kind === 'list') return objectFields(type.of);
  return undefined;
}

/** A field of an object, or the projection of a field over a list of objects. */
function fieldOf(type: Type, name: string): Type | undefined {
  if (type.kind === 'unknown') return unknownType;
  if (type.kind === 'object') return own(type.fields, name);
  if (type.kind === 'list') {
    const inner = fieldOf(type.of, name);
    return inner && listOf(inner);
  }
  return undefined;
}

function arithmeticResult(op: string, left: Type, right: Type): Type | undefined {
  const l = left.kind;
  const r = right.kind;
  if (l === 'number' && r === 'number') {
    const integer = left.integer && right.integer && op !== '/';
    return { kind: 'number', integer };
  }
  if (l === 'unknown' || r === 'unknown') {
    const other = l === 'unknown' ? r : l;
    return ['unknown', 'number', 'duration', 'timestamp'].includes(other) ? (other === 'number' ? numberType : unknownType) : undefined;
  }
  const key = `${l} ${op} ${r}`;
  const table: Record<string, Type> = {
    'timestamp + duration': timestampType,
    'duration + timestamp': timestampType,
    'timestamp - duration': timestampType,
    'timestamp - timestamp': durationType,
    'duration + duration': durationType,
    'duration - duration': durationType,
    'duration * number': durationType,
    'number * duration': durationType,
    'duration / number': durationType,
    'duration / duration': numberType,
  };
  return table[key];
}

/** Why a literal does not fit a parameter type, or undefined when it fits. */
function argumentProblem(type: ParamType, value: Expr): string | undefined {
  switch (type.kind) {
    case 'enum':
      if (value.kind !== 'string') return `needs ${describeParamType(type)}`;
      return type.values.includes(value.value) ? undefined : `"${value.value}" is not allowed${didYouMean(value.value, type.values)}; use ${describeParamType(type)}`;
    case 'string':
      return value.kind === 'string' ? undefined : 'needs a string in double quotes';
    case 'boolean':
      return value.kind === 'boolean' ? undefined : 'needs true or false';
    case 'duration':
      return value.kind === 'duration' ? undefined : `needs ${describeParamType(type)}`;
    case 'number': {
      const n = value.kind === 'number' || value.kind === 'negate' ? numericLiteralOf(value) : undefined;
      if (n === undefined) return `needs ${describeParamType(type)}`;
      if (type.integer && !Number.isInteger(n)) return `needs a whole number, not ${n}`;
      if (type.positive && !(n > 0)) return `needs a number above 0, not ${n}`;
      return undefined;
    }
  }
}
