import { compileRules } from '../dsl';
import { median, msSince } from './timing';

/** The `rule "..." ... end` blocks of a source, without the mode line and comments between rules. */
function ruleBlocks(source: string): string[] {
  return [...source.matchAll(/^rule "[\s\S]*?^end$/gm)].map((match) => match[0]);
}

/** Scales every number literal outside string literals (`300%` keeps its `%`). */
function scaleNumbers(text: string, factor: number): string {
  return text.replace(/"(?:[^"\\]|\\.)*"|\b\d+(?:\.\d+)?\b/g, (token) =>
    token.startsWith('"') ? token : String(Number((Number(token) * factor).toFixed(2))),
  );
}

/**
 * A source of `count` rules: copies of the given rules, each with its own name and id and its
 * condition thresholds scaled, so no two rules are the same text.
 */
export function generateManyRules(source: string, count: number): string {
  const blocks = ruleBlocks(source);
  const rules: string[] = [];
  for (let i = 0; rules.length < count; i++) {
    const block = blocks[i % blocks.length];
    const copy = Math.floor(i / blocks.length);
    rules.push(
      block
        .replace(/^rule "(.*)"$/m, `rule "$1 (variant ${copy})"`)
        .replace(/^(\s*)id "(.*)"$/m, `$1id "$2-v${copy}"`)
        .replace(/^when$[\s\S]*?^then$/m, (condition) => scaleNumbers(condition, 1 + copy / 100)),
    );
  }
  return `mode all\n\n${rules.join('\n\n')}\n`;
}

export interface CompileTiming {
  ruleCount: number;
  runMs: number[];
  bestMs: number;
  medianMs: number;
}

/** Times `compileRules` on a source, `runs` times after `warmUps` untimed runs. */
export function timeCompile(source: string, warmUps: number, runs: number): CompileTiming {
  let ruleCount = 0;
  for (let i = 0; i < warmUps; i++) ruleCount = compileRules(source).rules.length;
  const runMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    compileRules(source);
    runMs.push(msSince(start));
  }
  return { ruleCount, runMs, bestMs: Math.min(...runMs), medianMs: median(runMs) };
}
