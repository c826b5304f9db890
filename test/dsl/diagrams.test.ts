import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { syntaxDiagramsHtml } from '../../dsl/syntax/diagrams';

test('docs/syntax-diagrams.html is current with the grammar (else run npm run diagrams)', () => {
  const committed = readFileSync(join(__dirname, '..', '..', 'docs', 'syntax-diagrams.html'), 'utf8');
  expect(committed).toBe(syntaxDiagramsHtml());
  expect(committed).toContain('"name": "ruleDecl"');
});
