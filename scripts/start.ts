// `npm start`: the whole product on this machine (see stack/stack.ts), until Ctrl-C.
import path from 'node:path';
import { startStack, tiktokCredentialsFromEnv, WEBHOOK_PATH } from '../stack/stack';

const port = (name: string, fallback: number) => Number(process.env[name] || fallback);

export function stackDataDir(): string {
  return path.resolve(process.env.CREATORFLOW_DATA_DIR || path.join(__dirname, '..', '..', '.creatorflow'));
}

async function main(): Promise<void> {
  const log = (line: string) => console.log(line);
  const tiktok = tiktokCredentialsFromEnv();
  const stack = await startStack({
    dataDir: stackDataDir(),
    databaseUrl: process.env.DATABASE_URL || undefined,
    n8nPort: port('N8N_PORT', 5678),
    brokerPort: port('N8N_RUNNERS_BROKER_PORT', 5679),
    simulatorPort: port('SIMULATOR_PORT', 8787),
    tiktok,
    log,
  });
  console.log(`
CreatorFlow is running.
  n8n editor     ${stack.n8n.url}/   (create the owner account on first visit; the workflows are under "Overview")
  Webhook URL    ${stack.webhookUrl}   (POST, TikTok-signed; path "${WEBHOOK_PATH}")
  TikTok Shop    ${stack.demo ? `simulator at ${stack.demo.simulator.baseUrl}, shop ${stack.shopId}` : `real API, shop ${stack.shopId}`}
  Data           ${stackDataDir()}   (kept for the next start)
Ctrl-C stops everything.`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  console.log('Stopping…');
  await stack.stop();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
