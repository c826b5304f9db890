// Writes docs/syntax-diagrams.html (`npm run diagrams`); a test keeps the committed page current.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { syntaxDiagramsHtml } from '../dsl/syntax/diagrams';

const target = join(__dirname, '..', '..', 'docs', 'syntax-diagrams.html');
writeFileSync(target, syntaxDiagramsHtml());
console.log(`wrote ${target}`);
