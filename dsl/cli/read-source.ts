import { readFileSync } from 'node:fs';
import { UsageError } from './io';

/** Reads a file the user named, turning "no such file" into a usage error that names it. */
export function readUserFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${path}: no such file` : code === 'EISDIR' ? `${path}: is a directory` : `${path}: ${(error as Error).message}`);
  }
}
