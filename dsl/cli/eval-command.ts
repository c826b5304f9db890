import { compileRules } from '../compile';
import type { RuleResult } from '../compiler/rule-set';
import { RulesCompileError } from '../diagnostics';
import { isoInstant } from '../iso-time';
import { orderFactsProblems } from '../schema/order-facts';
import { exitOk, exitProblems, parseArgs, schemaFlag, type CliIo, UsageError } from './io';
import { readUserFile } from './read-source';
import { reportCompileError } from './report';

/** `eval <rules-file> --facts <json-file> [--now <iso>] [--schema none] [--explain] [--json]`. */
export function evalCommand(argv: string[], io: CliIo): number {
  const args = parseArgs(argv, ['facts', 'now', 'schema'], ['explain', 'json']);
  if (args.positionals.length !== 1) throw new UsageError('eval needs exactly one rules file');
  const factsFile = args.flags.get('facts');
  if (typeof factsFile !== 'string') throw new UsageError('eval needs --facts <json-file>');
  const now = parseNow(args.flags.get('now'));
  const [rulesFile] = args.positionals;
  const schema = schemaFlag(args);
  const source = readUserFile(rulesFile);
  const factsList = readFacts(factsFile);

  let rules;
  try {
    rules = compileRules(source, { filename: rulesFile, schema });
  } catch (error) {
    if (!(error instanceof RulesCompileError)) throw error;
    reportCompileError(io, error, source, rulesFile);
    return exitProblems;
  }
  if (schema === 'order') {
    const problems = factsList.items.flatMap((facts, i) =>
      orderFactsProblems(facts).map((p) => `${factsFile}: ${factsList.single ? '' : `item ${i + 1}: `}${p}\n`),
    );
    if (problems.length > 0) {
      io.err(`${problems.join('')}(the facts do not fit the order facts; --schema none skips this check)\n`);
      return exitProblems;
    }
  }
  const explain = args.flags.has('explain');
  const results = factsList.items.map((facts) => rules.evaluate(facts, { now, explain }));
  if (args.flags.has('json')) {
    io.out(`${JSON.stringify(factsList.single ? results[0] : results, null, 2)}\n`);
  } else {
    results.forEach((result, i) => io.out(describeResult(result, factsList.single ? undefined : i + 1)));
  }
  return exitOk;
}

function parseNow(value: string | true | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const millis = typeof value === 'string' ? isoInstant(value) : undefined;
  if (millis === undefined) throw new UsageError(`--now must be an ISO 8601 date-time such as 2025-10-15T12:00:00Z, not ${String(value)}`);
  return new Date(millis);
}

function readFacts(file: string): { items: object[]; single: boolean } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readUserFile(file));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${file}: invalid JSON: ${(error as Error).message}`);
  }
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(parsed)) return { items: [parsed as object], single: true };
  if (Array.isArray(parsed)) {
    const bad = parsed.findIndex((item) => !isObject(item));
    if (bad >= 0) throw new UsageError(`${file}: item ${bad + 1} of the array is not an object of facts`);
    return { items: parsed as object[], single: false };
  }
  throw new UsageError(`${file}: facts must be a JSON object or an array of objects`);
}

function describeResult(result: RuleResult, index: number | undefined): string {
  const d = result.decision;
  const lines = [
    `${index === undefined ? '' : `#${index} `}matched: ${result.matched.length ? result.matched.join(', ') : '(none)'}`,
    `  queue ${d.queue}, priority ${d.priority}, impact ${d.impact}${d.manual_review ? `, manual review: ${d.reasons.join('; ')}` : ''}`,
  ];
  const extras = [
    d.carrier && `carrier ${d.carrier}${d.service_level ? ` (${d.service_level})` : ''}`,
    d.fast_track && 'fast track',
    d.tags.length > 0 && `tags ${d.tags.join(', ')}`,
    d.reorder && `reorder ${JSON.stringify(d.reorder)}`,
    d.hold_ms > 0 && `hold ${d.hold_ms / 1000}s`,
  ].filter(Boolean);
  if (extras.length) lines.push(`  ${extras.join(', ')}`);
  for (const action of result.actions) lines.push(`  - ${action.rule}: ${action.type}${action.type === 'stop' ? '' : ` ${JSON.stringify(action.params)}`}`);
  for (const rule of result.trace ?? []) {
    lines.push(`  ${rule.rule}: ${rule.status.replace('_', ' ')}`);
    for (const p of rule.predicates) {
      lines.push(`      ${p.line}:${p.column}  ${p.predicate}  [${p.values.map((v) => JSON.stringify(v) ?? 'missing').join(', ')}] -> ${p.outcome}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
