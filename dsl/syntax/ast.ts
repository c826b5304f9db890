/** Source position of a node: 1-based line and column of its first and last character. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type CompareOp = '=' | '!=' | '>' | '>=' | '<' | '<=';
export type ArithmeticOp = '+' | '-' | '*' | '/';
export type TextOp = 'contains' | 'starts_with' | 'ends_with';
export type QuantifierKind = 'any' | 'all' | 'none';

export type Expr =
  | { kind: 'number'; value: number; raw: string; span: Span }
  | { kind: 'string'; value: string; span: Span }
  | { kind: 'boolean'; value: boolean; span: Span }
  | { kind: 'timestamp'; value: number; raw: string; span: Span }
  | { kind: 'duration'; value: number; raw: string; span: Span }
  | { kind: 'now'; span: Span }
  | { kind: 'list'; items: Expr[]; span: Span }
  | { kind: 'path'; segments: PathSegment[]; span: Span }
  | { kind: 'call'; name: string; nameSpan: Span; args: Expr[]; span: Span }
  | { kind: 'negate'; operand: Expr; span: Span }
  | { kind: 'arithmetic'; op: ArithmeticOp; left: Expr; right: Expr; span: Span }
  | { kind: 'compare'; op: CompareOp; left: Expr; right: Expr; span: Span }
  | { kind: 'between'; subject: Expr; low: Expr; high: Expr; span: Span }
  | { kind: 'in'; negated: boolean; subject: Expr; list: Expr; span: Span }
  | { kind: 'text'; op: TextOp; subject: Expr; operand: Expr; span: Span }
  | { kind: 'presence'; present: boolean; subject: Expr; span: Span }
  | { kind: 'and'; left: Expr; right: Expr; span: Span }
  | { kind: 'or'; left: Expr; right: Expr; span: Span }
  | { kind: 'not'; operand: Expr; span: Span }
  | { kind: 'quantifier'; quantifier: QuantifierKind; variable: string; variableSpan: Span; list: Expr; where: Expr; span: Span };

export interface PathSegment {
  name: string;
  span: Span;
}

export interface ActionArg {
  name: string;
  nameSpan: Span;
  value: Expr;
}

export type Action = { kind: 'stop'; span: Span } | { kind: 'call'; name: string; nameSpan: Span; args: ActionArg[]; span: Span };

export type LimitUnit = 'minute' | 'hour' | 'day';

/** Attributes as written; absent ones are undefined. Each keeps its span for diagnostics. */
export interface RuleAttributes {
  id?: { value: string; span: Span };
  category?: { value: string; span: Span };
  priority?: { value: number; raw: string; span: Span };
  tags?: { values: string[]; span: Span };
  enabled?: { value: boolean; span: Span };
  valid?: { from?: { value: number; raw: string }; until?: { value: number; raw: string }; span: Span };
  limit?: { count: number; raw: string; unit: LimitUnit; span: Span };
}

export interface RuleDecl {
  name: string;
  nameSpan: Span;
  attributes: RuleAttributes;
  condition: Expr;
  actions: Action[];
  span: Span;
  /** Span of each structural line (`when`, `then`, `end`) for comment placement by the formatter. */
  whenSpan: Span;
  thenSpan: Span;
  endSpan: Span;
}

export type EvaluationMode = 'all' | 'first';

export interface RulesFile {
  mode?: { value: EvaluationMode; span: Span };
  rules: RuleDecl[];
}
