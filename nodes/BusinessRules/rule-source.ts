import path from 'node:path';
import type { Readable } from 'node:stream';
import type { IExecuteFunctions } from 'n8n-workflow';
import type { Database } from '../../domain/database';
import { InvalidInputError } from '../../domain/errors';
import { loadRuleSet } from '../../domain/rules';
import { requiredText, shopIdOf } from '../shared/parameter-values';

/** Rules text and what it is called: in diagnostics (file:line:column) and for its limit counters. */
export interface RuleSource {
  text: string;
  fileName: string;
  ruleSet: string;
}

/**
 * Reads each distinct rules source once per execution, so every item of a run is evaluated with
 * the same rules even if the file or the published latest changes meanwhile.
 */
export class RuleSources {
  private readonly read = new Map<string, Promise<RuleSource>>();

  constructor(
    private readonly context: IExecuteFunctions,
    private readonly database: Database,
  ) {}

  /** The rules the node's parameters point at for this item: a file, the inline text, or a published version. */
  forItem(itemIndex: number, kind: string): Promise<RuleSource> {
    const parameter = (name: string, fallback: unknown = '') => this.context.getNodeParameter(name, itemIndex, fallback);
    const ruleSetName = String(parameter('ruleSet')).trim();
    if (kind === 'file') {
      const filePath = requiredText(this.context, itemIndex, 'filePath', 'Rules File Path');
      return this.once(`file\0${filePath}\0${ruleSetName}`, () => this.fromFile(filePath, ruleSetName));
    }
    if (kind === 'inline') {
      const ruleSet = ruleSetName || 'inline';
      return Promise.resolve({ text: String(parameter('rules')), fileName: `${ruleSet} (inline)`, ruleSet });
    }
    const ruleSet = requiredText(this.context, itemIndex, 'ruleSet', 'Rule Set Name');
    const shopId = shopIdOf(this.context, itemIndex);
    const version = Number(parameter('version', 0));
    return this.once(`published\0${shopId}\0${ruleSet}\0${version}`, async () => {
      const stored = await loadRuleSet(this.database, { shopId, ruleSet, ...(version > 0 ? { version } : {}) });
      return { text: stored.source, fileName: `${ruleSet} v${stored.version}`, ruleSet };
    });
  }

  private once(key: string, load: () => Promise<RuleSource>): Promise<RuleSource> {
    let source = this.read.get(key);
    if (!source) {
      source = load();
      this.read.set(key, source);
    }
    return source;
  }

  /** Through n8n's file access checks (N8N_RESTRICT_FILE_ACCESS_TO, N8N_BLOCK_FILE_ACCESS_TO_N8N_FILES, no symlinks). */
  private async fromFile(filePath: string, ruleSetName: string): Promise<RuleSource> {
    if (path.extname(filePath) !== '.rules') throw new InvalidInputError(`Rules File Path "${filePath}" must name a .rules file`);
    const { helpers } = this.context;
    const unreadable = (error: NodeJS.ErrnoException) => {
      throw new InvalidInputError(`Cannot read the rules file "${filePath}": ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
    };
    const resolved = await helpers.resolvePath(filePath).catch(unreadable);
    if (helpers.isFilePathBlocked(resolved)) throw new InvalidInputError(`Access to the rules file "${filePath}" is not allowed on this n8n instance`);
    const stream = await helpers.createReadStream(resolved).catch(unreadable);
    return { text: await readText(stream), fileName: filePath, ruleSet: ruleSetName || path.basename(filePath, '.rules') };
  }
}

async function readText(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks).toString('utf8');
}
