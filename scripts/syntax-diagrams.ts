// Writes docs/syntax-diagrams.html: railroad diagrams of the rules grammar, drawn by Chevrotain.
// The page loads Chevrotain's diagram scripts from node_modules, so it works offline after `npm install`.
import { createSyntaxDiagramsCode } from 'chevrotain';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rulesParser } from '../dsl/syntax/parser';

const root = join(__dirname, '..', '..');
const base = '../node_modules/chevrotain/diagrams/';
const html = createSyntaxDiagramsCode(rulesParser.getSerializedGastProductions(), { resourceBase: base, css: `${base}diagrams.css` });
const target = join(root, 'docs', 'syntax-diagrams.html');
writeFileSync(target, html);
console.log(`wrote ${target}`);
