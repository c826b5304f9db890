import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseTikTokWebhook, TikTokShopClient, verifyTikTokWebhook } from '../../index';

// The command-line simulator as `npm run simulator` runs it: the compiled script (npm test builds first).
const script = path.join(__dirname, '..', '..', 'dist', 'scripts', 'tiktok-simulator.js');

function startCli(args: string[]): { child: ChildProcessWithoutNullStreams; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [script, ...args]);
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

async function waitFor(output: () => string, pattern: RegExp): Promise<RegExpMatchArray> {
  for (let i = 0; i < 300; i++) {
    const match = output().match(pattern);
    if (match) return match;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the simulator never printed ${pattern}; it printed:\n${output()}`);
}

const field = (text: string, label: string) => new RegExp(`${label}\\s+(\\S+)`).exec(text)?.[1] ?? '';

test('serves the API with the credentials it prints, and stops cleanly on Ctrl-C', async () => {
  const cli = startCli(['--port', '0', '--orders', '2']);
  try {
    await waitFor(cli.output, /Serving; Ctrl-C to stop/);
    const text = cli.output();
    const client = new TikTokShopClient({
      appKey: field(text, 'App key'),
      appSecret: field(text, 'App secret'),
      accessToken: field(text, 'Access token'),
      refreshToken: field(text, 'Refresh token'),
      shopCipher: field(text, 'Shop cipher'),
      baseUrl: field(text, 'Open API base URL'),
      authBaseUrl: field(text, 'Auth base URL'),
    });
    const orderIds = /Orders\s+(.+)/.exec(text)![1].split(', ');
    expect(orderIds).toHaveLength(2);
    const { orders } = await client.getOrders(orderIds);
    expect(orders.map((order) => order.id).sort()).toEqual([...orderIds].sort());
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
  } finally {
    cli.child.kill('SIGKILL');
  }
}, 30_000);

test('--send-burst delivers signed order webhooks to --to and exits', async () => {
  const received: Array<{ valid: boolean; orderId?: string }> = [];
  const appKey = 'cli-test-key';
  const appSecret = 'cli-test-secret';
  const receiver = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const valid = verifyTikTokWebhook({ rawBody, signature: request.headers.authorization, appKey, appSecret });
      received.push({ valid, orderId: parseTikTokWebhook(rawBody).orderId });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook/tiktok-shop`;
  const cli = startCli(['--port', '0', '--orders', '0', '--app-key', appKey, '--app-secret', appSecret, '--send-burst', '5', '--span-ms', '200', '--to', url, '--exit']);
  try {
    expect(await cli.exited).toBe(0);
    expect(received).toHaveLength(5);
    expect(received.every((delivery) => delivery.valid)).toBe(true);
    expect(new Set(received.map((delivery) => delivery.orderId)).size).toBe(5);
  } finally {
    cli.child.kill('SIGKILL');
    await new Promise((resolve) => receiver.close(resolve));
  }
}, 30_000);
