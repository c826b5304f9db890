import { createHash } from 'node:crypto';
import { compileRules } from '../../dsl/compile';
import type { CompiledRuleSet } from '../../dsl/compiler/rule-set';
import type { RuleSource } from './rule-source';

/** Compiled rule sets by source, so executions reuse them; bounded, oldest dropped first. */
const cache = new Map<string, CompiledRuleSet>();
const maxCached = 64;

/** The source compiled (or the cached compilation of the same text); RulesCompileError carries every diagnostic. */
export function compiledRules(source: RuleSource, schema: 'order' | 'none'): CompiledRuleSet {
  const key = createHash('sha256').update(`${schema}\0${source.fileName}\0${source.text}`).digest('hex');
  let compiled = cache.get(key);
  if (!compiled) {
    compiled = compileRules(source.text, { filename: source.fileName, schema });
    if (cache.size >= maxCached) cache.delete(cache.keys().next().value as string);
    cache.set(key, compiled);
  }
  return compiled;
}
