/**
 * `npm run bench:tiktok`: webhook intake (verify + parse) per second on one core, then client
 * throughput against the local simulator at TikTok's default rate limit (50 requests/s per shop),
 * with the client's limiter and without it.
 */
import { CLIENT_THROUGHPUT_SCENARIOS, formatClientThroughput, measureClientThroughput } from './tiktok/client-throughput';
import { formatWebhookThroughput, measureWebhookThroughput } from './tiktok/webhook-throughput';

async function main(): Promise<void> {
  console.log(formatWebhookThroughput(measureWebhookThroughput()));
  console.log();
  console.log('TikTok Shop client against the simulator (limit 50 requests/s per shop and API; each call: Get Order Detail of 3 orders):');
  for (const scenario of CLIENT_THROUGHPUT_SCENARIOS) console.log(formatClientThroughput(await measureClientThroughput(scenario)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
