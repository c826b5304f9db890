import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { IExecuteFunctions } from 'n8n-workflow';
import type { Database } from '../../domain/database';
import { InvalidInputError } from '../../domain/errors';
import { loadRuleSet } from '../../domain/rules';

/** Rules text and what it is called: in diagnostics (file:line:column) and for its limit counters. */
export interface RuleSource {
  text: string;
  fileName: string;
  ruleSet: string;
}

/** Reads the rules the node's parameters point at: a file, the inline text, or a published version. */
export async function readRuleSource(context: IExecuteFunctions, database: Database, itemIndex: number, kind: string): Promise<RuleSource> {
  const ruleSetParameter = (context.getNodeParameter('ruleSet', itemIndex, '') as string).trim();
  if (kind === 'file') {
    const filePath = (context.getNodeParameter('filePath', itemIndex) as string).trim();
    if (filePath === '') throw new InvalidInputError('Rules File Path is empty: give the path of a .rules file on the n8n server');
    const text = await readFile(path.resolve(filePath), 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new InvalidInputError(`Cannot read the rules file "${filePath}": ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
    });
    return { text, fileName: filePath, ruleSet: ruleSetParameter || path.basename(filePath, '.rules') };
  }
  const ruleSet = ruleSetParameter || 'inline';
  if (kind === 'inline') return { text: context.getNodeParameter('rules', itemIndex) as string, fileName: `${ruleSet} (inline)`, ruleSet };
  const shopId = context.getNodeParameter('shopId', itemIndex) as string;
  const version = context.getNodeParameter('version', itemIndex, 0) as number;
  const stored = await loadRuleSet(database, { shopId, ruleSet, ...(version > 0 ? { version } : {}) });
  return { text: stored.source, fileName: `${ruleSet} v${stored.version}`, ruleSet };
}
