import { existsSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { compileRules } from '../compile';
import type { RuleResult } from '../compiler/rule-set';
import { MemoryLimitStore } from '../runtime/limits';
import { orderFactsProblems } from '../schema/order-facts';
import { isoInstant } from '../iso-time';

const instant = z.string().refine((s) => isoInstant(s) !== undefined, 'must be an ISO 8601 date-time with a zone, such as 2025-10-15T12:00:00Z');

/** A `*.rules.test.json` file: cases of facts and the expected outcome, beside `*.rules`. */
export const ruleTestFileSchema = z
  .object({
    now: instant.optional(),
    schema: z.enum(['order', 'none']).optional(),
    defaults: z.record(z.unknown()).optional(),
    cases: z
      .array(
        z
          .object({
            name: z.string().min(1),
            facts: z.record(z.unknown()),
            now: instant.optional(),
            expect: z
              .object({
                matched: z.array(z.string()).optional(),
                not_matched: z.array(z.string()).optional(),
                decision: z.record(z.unknown()).optional(),
              })
              .strict()
              .refine((e) => e.matched || e.not_matched || e.decision, 'expect needs matched, not_matched or decision: a case that checks nothing always passes'),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export type RuleTestFile = z.infer<typeof ruleTestFileSchema>;

export interface CaseOutcome {
  name: string;
  failures: string[];
}

export interface RuleTestReport {
  rulesFile: string;
  testFile: string;
  cases: CaseOutcome[];
}

/** The rules file a test file belongs to: `x.rules.test.json` tests `x.rules`. */
export function rulesFileFor(testFile: string): string {
  return testFile.replace(/\.test\.json$/, '');
}

/** Rule ids named in a case that no rule has: a typo there would make the case pass for nothing. */
function unknownIds(expect: RuleTestFile['cases'][number]['expect'], ids: ReadonlySet<string>): string[] {
  const named = [...(expect.matched ?? []), ...(expect.not_matched ?? [])];
  return named.filter((id) => !ids.has(id)).map((id) => `no rule has the id '${id}'`);
}

/** Problems in one case's result against its expectations; empty when it passes. */
function compare(expect: RuleTestFile['cases'][number]['expect'], result: RuleResult): string[] {
  const failures: string[] = [];
  if (expect.matched && !isDeepStrictEqual(expect.matched, result.matched)) {
    failures.push(`matched: expected ${JSON.stringify(expect.matched)}, got ${JSON.stringify(result.matched)}`);
  }
  for (const id of expect.not_matched ?? []) {
    if (result.matched.includes(id)) failures.push(`not_matched: rule '${id}' fired`);
  }
  for (const [key, expected] of Object.entries(expect.decision ?? {})) {
    if (!Object.hasOwn(result.decision, key)) {
      failures.push(`decision.${key}: no such decision field`);
      continue;
    }
    const actual = (result.decision as unknown as Record<string, unknown>)[key];
    if (!isDeepStrictEqual(expected, actual)) failures.push(`decision.${key}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
  return failures;
}

/**
 * Runs one test file. Each case counts `limit` firings afresh, so cases never affect each other.
 * A case fails, without being evaluated, when it names a rule id that does not exist or (with
 * the order schema) its facts do not fit the order facts. Throws `RulesCompileError` if the rules
 * do not compile, and an Error naming the file for a malformed test file or a missing rules file.
 */
export function runRuleTestFile(testFile: string): RuleTestReport {
  const rulesFile = rulesFileFor(testFile);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(testFile, 'utf8'));
  } catch (error) {
    throw new Error(`${testFile}: ${(error as Error).message}`);
  }
  const parsed = ruleTestFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new Error(`${testFile}: not a valid rule test file:\n  ${problems.join('\n  ')}`);
  }
  const spec = parsed.data;
  if (!existsSync(rulesFile)) throw new Error(`${testFile}: the rules file it tests, ${rulesFile}, does not exist`);
  const rules = compileRules(readFileSync(rulesFile, 'utf8'), { filename: rulesFile, schema: spec.schema });
  const ids = new Set(rules.rules.map((rule) => rule.id));
  const cases = spec.cases.map((testCase): CaseOutcome => {
    const now = testCase.now ?? spec.now;
    const facts = { ...spec.defaults, ...testCase.facts };
    const problems = [...unknownIds(testCase.expect, ids), ...(spec.schema === 'none' ? [] : orderFactsProblems(facts).map((p) => `facts: ${p}`))];
    if (problems.length > 0) return { name: testCase.name, failures: problems };
    const result = rules.evaluate(facts, { now: now ? new Date(isoInstant(now)!) : undefined, limitStore: new MemoryLimitStore() });
    return { name: testCase.name, failures: compare(testCase.expect, result) };
  });
  return { rulesFile, testFile, cases };
}
