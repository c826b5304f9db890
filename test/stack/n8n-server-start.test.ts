// N8nServer.start against a stand-in for `n8n start` that answers as n8n 2.40.7 does while it
// starts: every request, webhooks included, gets 200 "n8n is starting up" until its database is
// migrated; then unknown webhooks get 404 until the workflows are active. Only the process is a
// stand-in: the real n8n's start is covered by the end-to-end suite.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../domain/database/embedded-postgres';
import { N8nServer } from '../../stack/n8n-server';

const STARTING_UP_MS = 1_500;
const WORKFLOWS_ACTIVE_MS = 2_500;

const fakeN8n = `
const http = require('node:http');
const started = Date.now();
http.createServer((request, response) => {
  const elapsed = Date.now() - started;
  if (request.url === '/healthz/readiness') {
    response.statusCode = elapsed < ${WORKFLOWS_ACTIVE_MS} ? 503 : 200;
    return response.end();
  }
  if (elapsed < ${STARTING_UP_MS}) return response.end('n8n is starting up. Please wait');
  response.statusCode = elapsed < ${WORKFLOWS_ACTIVE_MS} ? 404 : 401;
  response.end();
}).listen(Number(process.env.N8N_PORT), '127.0.0.1');
`;

let dir: string;
let server: N8nServer | undefined;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'creatorflow-n8n-start-'));
});
afterEach(async () => {
  await server?.stop(1_000);
  rmSync(dir, { recursive: true, force: true });
});

test('start waits past the "starting up" answers and the 404s until the webhook is served', async () => {
  const entry = path.join(dir, 'fake-n8n.js');
  writeFileSync(entry, fakeN8n);
  server = new N8nServer({
    runtime: { dir, n8nEntry: entry, nodeBinary: process.execPath },
    userFolder: path.join(dir, 'user'),
    port: await freePort(),
    brokerPort: await freePort(),
    database: { host: '127.0.0.1', port: 5432, database: 'unused', user: 'unused', password: '' },
    encryptionKey: 'unused',
    logFile: path.join(dir, 'n8n.log'),
  });
  const started = Date.now();
  await server.start('tiktok-shop', 20_000);
  expect(Date.now() - started).toBeGreaterThanOrEqual(WORKFLOWS_ACTIVE_MS - 100);
  const answer = await fetch(server.webhookUrl('tiktok-shop'), { method: 'POST', body: '{}' });
  expect(answer.status).toBe(401);
});
