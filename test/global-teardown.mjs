import { rm } from 'node:fs/promises';
import path from 'node:path';

export default async function globalTeardown() {
  const server = globalThis.creatorflowTestPostgres;
  if (!server) return;
  await server.stop();
  await rm(path.dirname(server.dataDir), { recursive: true, force: true });
}
