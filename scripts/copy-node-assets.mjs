// tsc compiles only TypeScript; n8n also loads each node's icon (SVG) and codex (.node.json) from dist.
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

for (const root of ['nodes', 'credentials']) {
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(svg|node\.json)$/.test(entry.name)) continue;
    const source = path.join(entry.parentPath, entry.name);
    const target = path.join('dist', source);
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(source, target);
  }
}
