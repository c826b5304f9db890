import type { TypeTable } from '../checker';
import { decide, type Decision, type FiredAction } from '../runtime/decision';
import { FactFields } from '../runtime/fact-fields';
import { limitWindowMs, MemoryLimitStore, type RuleLimitStore } from '../runtime/limits';
import type { EvaluationMode, RuleDecl, RulesFile } from '../syntax/ast';
import { literalOf } from '../syntax/literal';
import { ExpressionCompiler, type ConditionFn, type Env, type PredicateTrace } from './expressions';

export interface RuleInfo {
  id: string;
  name: string;
  category: string | null;
  priority: number;
  tags: string[];
  enabled: boolean;
  valid_from: string | null;
  valid_until: string | null;
  limit: { count: number; per: 'minute' | 'hour' | 'day' } | null;
  line: number;
}

export type RuleStatus = 'fired' | 'not_matched' | 'unknown' | 'disabled' | 'not_valid' | 'rate_limited' | 'not_reached';

export interface RuleTrace {
  rule: string;
  status: RuleStatus;
  predicates: PredicateTrace[];
}

export interface RuleResult {
  matched: string[];
  actions: FiredAction[];
  decision: Decision;
  trace?: RuleTrace[];
}

export interface EvaluateOptions {
  /** The evaluation time: `now` in conditions and the reference for `valid`/`limit` (default: the current time). */
  now?: Date;
  /** Adds `trace`: per rule, each predicate's values and outcome. */
  explain?: boolean;
  /** Where `limit N per ...` firings are counted (default: this rule set's own in-memory store). */
  limitStore?: RuleLimitStore;
}

interface CompiledRule {
  info: RuleInfo;
  validFrom: number;
  validUntil: number;
  limitWindowMs: number;
  stops: boolean;
  actions: readonly FiredAction[];
  decl: RuleDecl;
  condition: ConditionFn;
  tracedCondition?: ConditionFn;
}

/** A checked rules file, compiled to closures and ready to evaluate any number of fact objects. */
export class CompiledRuleSet {
  readonly mode: EvaluationMode;
  readonly rules: readonly RuleInfo[];
  /** Rules in evaluation order: priority high to low, ties in file order. */
  private readonly ordered: CompiledRule[];
  private readonly ownLimits = new MemoryLimitStore();
  private readonly fields = new FactFields();
  /** The decision starts from these facts, read in the same pass as the rules' facts. */
  private readonly prioritySlot = this.fields.slotOf('priority');
  private readonly impactSlot = this.fields.slotOf('impact');

  constructor(
    file: RulesFile,
    ids: string[],
    private readonly types: TypeTable,
  ) {
    this.mode = file.mode?.value ?? 'all';
    const compiler = new ExpressionCompiler(types, this.fields, false);
    const compiled = file.rules.map((decl, i) => this.compileRule(decl, ids[i], compiler));
    this.rules = compiled.map((r) => r.info);
    this.ordered = compiled.map((rule, index) => ({ rule, index })).sort((a, b) => b.rule.info.priority - a.rule.info.priority || a.index - b.index).map((x) => x.rule);
  }

  private compileRule(decl: RuleDecl, id: string, compiler: ExpressionCompiler): CompiledRule {
    const a = decl.attributes;
    const actions = decl.actions.map((action): FiredAction => {
      if (action.kind === 'stop') return Object.freeze({ rule: id, type: 'stop', params: Object.freeze({}) });
      // Arguments are checked literals; durations become milliseconds.
      const params = Object.freeze(Object.fromEntries(action.args.map((arg) => [arg.name, literalOf(arg.value)])));
      return Object.freeze({ rule: id, type: action.name, params });
    });
    return {
      info: {
        id,
        name: decl.name,
        category: a.category?.value ?? null,
        priority: a.priority?.value ?? 50,
        tags: a.tags?.values ?? [],
        enabled: a.enabled?.value ?? true,
        valid_from: a.valid?.from ? new Date(a.valid.from.value).toISOString() : null,
        valid_until: a.valid?.until ? new Date(a.valid.until.value).toISOString() : null,
        limit: a.limit ? { count: a.limit.count, per: a.limit.unit } : null,
        line: decl.nameSpan.line,
      },
      validFrom: a.valid?.from?.value ?? -Infinity,
      validUntil: a.valid?.until?.value ?? Infinity,
      limitWindowMs: a.limit ? limitWindowMs[a.limit.unit] : 0,
      stops: decl.actions.some((action) => action.kind === 'stop'),
      actions: Object.freeze(actions),
      decl,
      condition: compiler.condition(decl.condition),
    };
  }

  evaluate(facts: object, options: EvaluateOptions = {}): RuleResult {
    const now = options.now ? options.now.getTime() : Date.now();
    if (Number.isNaN(now)) throw new TypeError('evaluate: options.now is an invalid Date');
    const limits = options.limitStore ?? this.ownLimits;
    const env: Env = { fields: this.fields.read(facts), now, vars: [] };
    const trace: RuleTrace[] | undefined = options.explain ? [] : undefined;
    const matched: string[] = [];
    const fired: FiredAction[] = [];
    let stopped = false;

    for (const rule of this.ordered) {
      const { id, enabled, limit } = rule.info;
      if (stopped) {
        trace?.push({ rule: id, status: 'not_reached', predicates: [] });
        continue;
      }
      if (!enabled || now < rule.validFrom || now >= rule.validUntil) {
        trace?.push({ rule: id, status: enabled ? 'not_valid' : 'disabled', predicates: [] });
        continue;
      }
      if (trace) env.trace = [];
      const outcome = trace ? this.traced(rule)(env) : rule.condition(env);
      if (outcome !== true) {
        trace?.push({ rule: id, status: outcome === false ? 'not_matched' : 'unknown', predicates: env.trace! });
        continue;
      }
      if (limit && !limits.tryAcquire(id, limit.count, rule.limitWindowMs, now)) {
        trace?.push({ rule: id, status: 'rate_limited', predicates: env.trace! });
        continue;
      }
      trace?.push({ rule: id, status: 'fired', predicates: env.trace! });
      matched.push(id);
      for (const action of rule.actions) fired.push(action);
      stopped = rule.stops || this.mode === 'first';
    }
    const decision = decide(env.fields[this.prioritySlot], env.fields[this.impactSlot], fired);
    const result: RuleResult = { matched, actions: fired, decision };
    if (trace) result.trace = trace;
    return result;
  }

  /** The tracing variant of a rule's condition, compiled on first use by `explain`. */
  private traced(rule: CompiledRule): ConditionFn {
    rule.tracedCondition ??= new ExpressionCompiler(this.types, this.fields, true).condition(rule.decl.condition);
    return rule.tracedCondition;
  }
}
