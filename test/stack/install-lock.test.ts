// The n8n runtime's install lock, on a real file system: the first install on a new machine, a
// second installer waiting its turn, and failures that must not turn into an endless wait.
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withInstallLock } from '../../stack/n8n-runtime';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'creatorflow-lock-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

test('on a new machine the cache directory is created, the work runs and the lock is gone afterwards', async () => {
  const dir = path.join(root, 'cache', 'never-made', 'n8n-2.40.7');
  const result = await withInstallLock(dir, () => undefined, async () => {
    expect(existsSync(`${dir}.lock`)).toBe(true);
    return 'installed';
  });
  expect(result).toBe('installed');
  expect(existsSync(`${dir}.lock`)).toBe(false);
});

test('a second installer waits until the first has finished, and says so', async () => {
  const dir = path.join(root, 'n8n');
  const order: string[] = [];
  const lines: string[] = [];
  let finishFirst!: () => void;
  const first = withInstallLock(dir, () => undefined, async () => {
    order.push('first started');
    await new Promise<void>((resolve) => (finishFirst = resolve));
    order.push('first finished');
  });
  await new Promise((resolve) => setTimeout(resolve, 20));
  const second = withInstallLock(dir, (line) => lines.push(line), async () => order.push('second started'), 10);
  await new Promise((resolve) => setTimeout(resolve, 60));
  expect(order).toEqual(['first started']);
  finishFirst();
  await Promise.all([first, second]);
  expect(order).toEqual(['first started', 'first finished', 'second started']);
  expect(lines[0]).toMatch(/^Waiting for another install of the n8n runtime \(.*n8n\.lock\)/);
});

test('a lock left for more than 30 minutes is taken as abandoned', async () => {
  const dir = path.join(root, 'n8n');
  mkdirSync(`${dir}.lock`);
  const old = new Date(Date.now() - 31 * 60_000);
  utimesSync(`${dir}.lock`, old, old);
  await expect(withInstallLock(dir, () => undefined, async () => 'taken over', 10)).resolves.toBe('taken over');
});

test('a lock that cannot be made for another reason fails at once instead of waiting', async () => {
  const blocker = path.join(root, 'a-file');
  writeFileSync(blocker, '');
  const started = Date.now();
  await expect(withInstallLock(path.join(blocker, 'n8n'), () => undefined, async () => 'never')).rejects.toThrow(/ENOTDIR|EEXIST/);
  expect(Date.now() - started).toBeLessThan(1000);
});
