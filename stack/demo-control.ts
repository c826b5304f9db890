// Lets `npm run demo` drive a running `npm start`: the simulator lives in that process, so the demo
// runs there and its narration and summary stream back over loopback HTTP.
import http from 'node:http';
import { runDemo } from './demo';
import type { Stack } from './stack';

export const DEMO_SUMMARY_PREFIX = 'SUMMARY ';

export function startDemoControl(stack: Stack, port: number): Promise<http.Server> {
  let running = false;
  const server = http.createServer((request, response) => {
    if (request.method !== 'POST' || request.url !== '/demo') {
      response.writeHead(404).end();
      return;
    }
    if (running) {
      response.writeHead(409, { 'content-type': 'text/plain' }).end('A demo is already running\n');
      return;
    }
    running = true;
    response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    runDemo(stack, (line) => response.write(`${line}\n`))
      .then((summary) => response.end(`${DEMO_SUMMARY_PREFIX}${JSON.stringify(summary)}\n`))
      .catch((error: unknown) => response.end(`ERROR ${error instanceof Error ? error.message : String(error)}\n`))
      .finally(() => (running = false));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
