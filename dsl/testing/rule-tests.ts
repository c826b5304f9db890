import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { compileRules } from '../compile';
import type { RuleResult } from '../compiler/rule-set';
import { MemoryLimitStore } from '../runtime/limits';
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
              .strict(),
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
    if (!(key in result.decision)) {
      failures.push(`decision.${key}: no such decision field`);
      continue;
    }
    const actual = (result.decision as unknown as Record<string, unknown>)[key];
    if (!isDeepStrictEqual(expected, actual)) failures.push(`decision.${key}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
  return failures;
}

/**
 * Runs one test file. Each case counts `limit` firings afresh, so cases never affect each other. Throws `RulesCompileError` if the rules do not compile, and an Error
 * naming the file for a malformed test file.
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
  const source = readFileSync(rulesFile, 'utf8');
  const rules = compileRules(source, { filename: rulesFile, schema: spec.schema });
  const cases = spec.cases.map((testCase): CaseOutcome => {
    const now = testCase.now ?? spec.now;
    const facts = { ...spec.defaults, ...testCase.facts };
    const result = rules.evaluate(facts, { now: now ? new Date(isoInstant(now)!) : undefined, limitStore: new MemoryLimitStore() });
    return { name: testCase.name, failures: compare(testCase.expect, result) };
  });
  return { rulesFile, testFile, cases };
}
