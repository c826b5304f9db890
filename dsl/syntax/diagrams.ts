import { createSyntaxDiagramsCode } from 'chevrotain';
import { rulesParser } from './parser';

/**
 * Railroad diagrams of the rules grammar as an HTML page. It loads Chevrotain's diagram scripts
 * from node_modules (relative to `docs/`), so it works offline after `npm install`.
 */
export function syntaxDiagramsHtml(): string {
  const base = '../node_modules/chevrotain/diagrams/';
  return createSyntaxDiagramsCode(rulesParser.getSerializedGastProductions(), { resourceBase: base, css: `${base}diagrams.css` });
}
