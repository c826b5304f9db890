// `npm run simulator -- [options]`: a local TikTok Shop on loopback for demos and manual testing.
// Prints its URLs and credentials, optionally sends webhooks, and runs until Ctrl-C.
import { parseArgs } from 'node:util';
import { TIKTOK_ORDER_STATUSES, normaliseTikTokOrderStatus, startTikTokSimulator, type TikTokWebhookSendResult, type TikTokOrderStatus } from '../tiktok';

const USAGE = `Usage: npm run simulator -- [options]

  --port <n>             Open API port (default 8787; 0 picks a free one)
  --auth-port <n>        auth host port for token refresh (default: port + 1, or 0)
  --host <address>       interface to listen on (default 127.0.0.1)
  --rps <n>              rate limit per API path and shop (default 50)
  --app-key <key>        app key (default simappkey01)
  --app-secret <secret>  app secret
  --orders <n>           orders to create for the shop at start (default 3)
  --to <url>             webhook receiver for the --send-* options
  --send-burst <n>       send a burst of n new orders for one product (ORDER_STATUS_CHANGE each)
  --span-ms <n>          spread the burst over n milliseconds (default 1000)
  --send-status <STATUS> move the start orders to STATUS and send ORDER_STATUS_CHANGE for each
  --duplicates <n>       extra deliveries of each webhook (default 0)
  --retry-ms <a,b,...>   retry waits in ms (default TikTok's: 2 min, 30 min, 3 h, 12 h)
  --exit                 stop after sending instead of serving until Ctrl-C
  --help                 this text`;

class UsageError extends Error {}

function count(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a non-negative integer, got "${value}"`);
  return Number(value);
}

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'auth-port': { type: 'string' },
      host: { type: 'string' },
      rps: { type: 'string' },
      'app-key': { type: 'string' },
      'app-secret': { type: 'string' },
      orders: { type: 'string' },
      to: { type: 'string' },
      'send-burst': { type: 'string' },
      'span-ms': { type: 'string' },
      'send-status': { type: 'string' },
      duplicates: { type: 'string' },
      'retry-ms': { type: 'string' },
      exit: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const port = count('port', values.port, 8787);
  const burst = values['send-burst'] === undefined ? undefined : count('send-burst', values['send-burst'], 0);
  let status: TikTokOrderStatus | undefined;
  if (values['send-status'] !== undefined) {
    status = normaliseTikTokOrderStatus(values['send-status']);
    if (!status) throw new UsageError(`--send-status must be one of ${TIKTOK_ORDER_STATUSES.join(', ')}`);
  }
  if ((burst !== undefined || status !== undefined) && values.to === undefined) throw new UsageError('--send-burst and --send-status need --to <url>');
  if (values.to !== undefined && !URL.canParse(values.to)) throw new UsageError(`--to must be a URL, got "${values.to}"`);
  const rps = count('rps', values.rps, 50);
  if (rps === 0) throw new UsageError('--rps must be at least 1');
  return {
    help: values.help,
    exit: values.exit,
    host: values.host ?? '127.0.0.1',
    port,
    authPort: count('auth-port', values['auth-port'], port === 0 ? 0 : port + 1),
    rps,
    appKey: values['app-key'],
    appSecret: values['app-secret'],
    orders: count('orders', values.orders, 3),
    to: values.to,
    burst,
    spanMs: count('span-ms', values['span-ms'], 1000),
    status,
    duplicates: count('duplicates', values.duplicates, 0),
    retrySchedule: values['retry-ms']?.split(',').map((wait) => count('retry-ms', wait, 0)),
  };
}

function summary(label: string, results: TikTokWebhookSendResult[]): string {
  const deliveries = results.flatMap((result) => result.deliveries);
  const delivered = deliveries.filter((delivery) => delivery.delivered).length;
  const attempts = deliveries.reduce((sum, delivery) => sum + delivery.attempts.length, 0);
  const failures = deliveries.flatMap((delivery) => delivery.attempts).filter((attempt) => attempt.status !== 200);
  const firstFailure = failures[0] ? ` (first failure: ${failures[0].error ?? `HTTP ${failures[0].status}`})` : '';
  return `${label}: ${delivered}/${deliveries.length} deliveries accepted in ${attempts} attempts${firstFailure}`;
}

async function run(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const simulator = await startTikTokSimulator({
    host: options.host,
    port: options.port,
    authPort: options.authPort,
    requestsPerSecond: options.rps,
    appKey: options.appKey,
    appSecret: options.appSecret,
  });
  const shop = simulator.addShop({ name: 'CreatorFlow Demo Shop' });
  const orders = Array.from({ length: options.orders }, () => simulator.addOrder(shop.shopId));

  console.log(`TikTok Shop simulator
  Open API base URL  ${simulator.baseUrl}
  Auth base URL      ${simulator.authBaseUrl}   (GET /api/v2/token/refresh)
  App key            ${simulator.appKey}
  App secret         ${simulator.appSecret}
  Shop id            ${shop.shopId}
  Shop cipher        ${shop.shopCipher}
  Access token       ${shop.accessToken}
  Refresh token      ${shop.refreshToken}
  Warehouse id       ${shop.warehouseId}
  Orders             ${orders.map((order) => order.id).join(', ') || '(none)'}
  Rate limit         ${options.rps} requests/s per API path and shop`);

  const sendOptions = { duplicates: options.duplicates, retrySchedule: options.retrySchedule };
  if (options.to !== undefined && options.status !== undefined) {
    const to = options.to;
    const status = options.status;
    const results = await Promise.all(orders.map((order) => simulator.sendWebhook(to, simulator.orderStatusChangeEvent(order.id, status), sendOptions)));
    console.log(summary(`ORDER_STATUS_CHANGE ${status} x${orders.length} to ${to}`, results));
  }
  if (options.to !== undefined && options.burst !== undefined && options.burst > 0) {
    const burst = await simulator.sendOrderBurst(options.to, { shopId: shop.shopId, count: options.burst, spanMs: options.spanMs, ...sendOptions });
    console.log(summary(`Burst of ${options.burst} orders for product ${burst.productId} to ${options.to}`, burst.results));
  }

  if (options.exit) {
    await simulator.close();
    return;
  }
  console.log('Serving; Ctrl-C to stop.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await simulator.close();
}

if (require.main === module) {
  run(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof UsageError || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? `${(error as Error).message}\n\n${USAGE}` : error);
    process.exitCode = 1;
  });
}
