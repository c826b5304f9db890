// Installs this package into n8n's community-nodes folder as n8n itself would install a package
// from the registry: a packed tarball, its dependencies, no peer dependencies (n8n provides them).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { npmCommand, quietNpmEnv, runCommand } from './run-command';

const npm = (args: string[], cwd: string) => runCommand(npmCommand, args, { cwd, env: quietNpmEnv() });

/**
 * Packs `packageDir` (built) and installs it under `<userFolder>/.n8n/nodes`; skipped when the
 * same tarball is installed already. Returns whether it installed.
 */
export async function installCommunityPackage(packageDir: string, userFolder: string): Promise<boolean> {
  const nodesDir = path.join(userFolder, '.n8n', 'nodes');
  const packDir = path.join(userFolder, 'package-tarballs');
  rmSync(packDir, { recursive: true, force: true });
  mkdirSync(packDir, { recursive: true });
  mkdirSync(nodesDir, { recursive: true });
  await npm(['pack', '--silent', '--pack-destination', packDir], packageDir);
  const [tarball] = readdirSync(packDir).filter((file) => file.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack left no tarball in ${packDir}`);
  // The installed copy lives on: keep the tarball where the manifest points, named by its content.
  const bytes = readFileSync(path.join(packDir, tarball));
  const digest = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const kept = path.join(nodesDir, `n8n-nodes-creatorflow-${digest}.tgz`);
  const manifestPath = path.join(nodesDir, 'package.json');
  const installed = path.join(nodesDir, 'node_modules', 'n8n-nodes-creatorflow', 'package.json');
  const current = existsSync(manifestPath) ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as { dependencies?: Record<string, string> }) : {};
  rmSync(packDir, { recursive: true, force: true });
  if (current.dependencies?.['n8n-nodes-creatorflow'] === `file:${kept}` && existsSync(installed) && existsSync(kept)) return false;
  for (const old of readdirSync(nodesDir).filter((file) => file.endsWith('.tgz'))) rmSync(path.join(nodesDir, old));
  writeFileSync(kept, bytes);
  writeFileSync(manifestPath, `${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { 'n8n-nodes-creatorflow': `file:${kept}` } }, null, 2)}\n`);
  await npm(['install', '--omit=peer', '--no-save'], nodesDir);
  return true;
}
