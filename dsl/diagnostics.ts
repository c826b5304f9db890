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
  const lineText = source.split(/\r?\n/)[diagnostic.line - 1] ?? '';
  const width = diagnostic.endLine === diagnostic.line ? Math.max(1, diagnostic.endColumn - diagnostic.column + 1) : 1;
  const caret = ' '.repeat(Math.max(0, diagnostic.column - 1)) + '^' + '~'.repeat(Math.max(0, width - 1));
  return `${filename}:${diagnostic.line}:${diagnostic.column}: error: ${diagnostic.message}\n${lineText}\n${caret}`;
}

/** Levenshtein distance, for "did you mean" suggestions. */
function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j];
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
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
