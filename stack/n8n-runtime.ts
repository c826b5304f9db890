// The pinned n8n release and the Node 24 it needs, installed once into a cache directory outside
// the repository and reused by every later run and clone.
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { npmCommand, quietNpmEnv, runCommand } from './run-command';

export const N8N_VERSION = '2.40.7';
export const RUNTIME_NODE_VERSION = '24.21.0';

export interface N8nRuntime {
  dir: string;
  /** n8n's command-line entry point (a JavaScript file: run it with `nodeBinary`). */
  n8nEntry: string;
  nodeBinary: string;
}

/** `CREATORFLOW_CACHE_DIR`, else ~/.cache/creatorflow. */
export function runtimeCacheDir(): string {
  return process.env.CREATORFLOW_CACHE_DIR || path.join(os.homedir(), '.cache', 'creatorflow');
}

// What the registry offers shapes this manifest: n8n 2.41 does not install from it, and
// linkedom 0.18.15 needs a package it lacks (see the README's "n8n runtime").
const manifest = {
  name: 'creatorflow-n8n-runtime',
  private: true,
  dependencies: { n8n: N8N_VERSION, node: RUNTIME_NODE_VERSION },
  overrides: { linkedom: '0.18.14' },
};

/**
 * One installer at a time per install directory: `<dir>.lock` is made atomically (its parent first:
 * on a new machine the cache directory does not exist yet). A lock older than 30 minutes is taken
 * as abandoned; any failure other than "held" is thrown rather than waited on.
 */
export async function withInstallLock<T>(dir: string, log: (line: string) => void, work: () => Promise<T>, retryMs = 1000): Promise<T> {
  const lock = `${dir}.lock`;
  mkdirSync(path.dirname(lock), { recursive: true });
  for (let waited = 0; ; waited++) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        if (Date.now() - statSync(lock).mtimeMs > 30 * 60_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        // Released between our attempt and the look at its age: try again.
      }
      if (waited % 30 === 0) log(`Waiting for another install of the n8n runtime (${lock})…`);
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Installs n8n and Node 24 into `<cache>/n8n-<version>` unless a finished install is there.
 * Idempotent: each step is safe to repeat, and the marker is written only after all succeeded.
 */
export async function ensureN8nRuntime(log: (line: string) => void = console.log): Promise<N8nRuntime> {
  const dir = path.join(runtimeCacheDir(), `n8n-${N8N_VERSION}`);
  const runtime = {
    dir,
    n8nEntry: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
    nodeBinary: path.join(dir, 'node_modules', 'node', 'bin', 'node'),
  };
  const marker = path.join(dir, '.creatorflow-installed');
  const wanted = JSON.stringify(manifest);
  if (existsSync(marker) && readFileSync(marker, 'utf8') === wanted) return runtime;
  return withInstallLock(dir, log, async () => {
    if (existsSync(marker) && readFileSync(marker, 'utf8') === wanted) return runtime;
    log(`Installing n8n ${N8N_VERSION} and Node ${RUNTIME_NODE_VERSION} into ${dir} (the first time takes several minutes; set CREATORFLOW_CACHE_DIR to put it elsewhere)`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const env = quietNpmEnv();
    const run = (args: string[], runEnv: NodeJS.ProcessEnv) => {
      log(`  $ npm ${args.join(' ')}`);
      return runCommand(npmCommand, args, { cwd: dir, env: runEnv });
    };
    // Install scripts stay off (one of n8n's dependencies downloads binaries from the internet in
    // its script); the three packages that need theirs are rebuilt explicitly, the native ones
    // with the new Node 24 first on PATH so they build for it.
    log('[1/3] npm install (n8n and its dependencies, about 2.8 GB)');
    await run(['install', '--ignore-scripts', '--no-save'], env);
    log('[2/3] Node 24 binary');
    await run(['rebuild', 'node'], env);
    if (!existsSync(runtime.nodeBinary)) throw new Error(`The node package did not install its binary at ${runtime.nodeBinary}`);
    log('[3/3] native modules for Node 24 (sqlite3, isolated-vm)');
    const node24 = { ...env, PATH: `${path.dirname(runtime.nodeBinary)}${path.delimiter}${env.PATH ?? ''}` };
    await run(['rebuild', 'sqlite3', 'isolated-vm'], node24);
    writeFileSync(marker, wanted);
    log('n8n runtime installed.');
    return runtime;
  });
}
