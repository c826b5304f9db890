/** A problem found in a rules source, positioned by 1-based line and column. */
export interface Diagnostic {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error';
  message: string;
}

/** Thrown by `compileRules` when the source has any problem; carries every diagnostic found. */
export class RulesCompileError extends Error {
  override readonly name = 'RulesCompileError';

  constructor(
    readonly diagnostics: Diagnostic[],
    readonly filename?: string,
  ) {
    super(
      `${filename ?? 'rules'}: ${diagnostics.length} error${diagnostics.length === 1 ? '' : 's'}\n` +
        diagnostics.map((d) => `${filename ?? 'rules'}:${d.line}:${d.column}: error: ${d.message}`).join('\n'),
    );
  }
}

export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
}

/** `file:line:column: error: message`, then the source line and a caret under the column. */
export function formatDiagnostic(source: string, diagnostic: Diagnostic, filename: string): string {
  const lineText = source.split(/\r\n?|\n/)[diagnostic.line - 1] ?? '';
  const width = diagnostic.endLine === diagnostic.line ? Math.max(1, diagnostic.endColumn - diagnostic.column + 1) : 1;
  // Tabs before the column are kept, so the caret lines up however the terminal shows them.
  const indent = lineText.slice(0, Math.max(0, diagnostic.column - 1)).replace(/[^\t]/g, ' ');
  const caret = indent.padEnd(Math.max(0, diagnostic.column - 1)) + '^' + '~'.repeat(Math.max(0, width - 1));
  return `${filename}:${diagnostic.line}:${diagnostic.column}: error: ${diagnostic.message}\n${lineText}\n${caret}`;
}

/**
 * Edit distance counting a swap of two neighbouring letters as one edit (optimal string
 * alignment), so the common typos `tga` and `hihg` are as close as `oders`.
 */
function editDistance(a: string, b: string): number {
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) current[j] = Math.min(current[j], beforePrevious[j - 2] + 1);
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length];
}

/** The closest candidate within a third of the word's length, as ` (did you mean 'x'?)`, else ''. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best === undefined ? '' : ` (did you mean '${best}'?)`;
}
