// `npm run demo`: sends the demo stream through a running `npm start` (its control port), or starts
// the stack itself for the demo and stops it afterwards.
import { formatDemoSummary, runDemo, type DemoSummary } from '../stack/demo';
import { DEMO_SUMMARY_PREFIX } from '../stack/demo-control';
import { startStack } from '../stack/stack';
import { stackDataDir, stackPorts } from './start';

async function viaRunningStack(controlPort: number): Promise<DemoSummary | undefined> {
  let response: Response;
  try {
    response = await fetch(`http://127.0.0.1:${controlPort}/demo`, { method: 'POST' });
  } catch {
    return undefined; // nothing listening: no `npm start` running
  }
  if (!response.ok || !response.body) throw new Error(`The running stack refused the demo: ${response.status} ${await response.text()}`);
  console.log(`Using the running stack (control port ${controlPort}).`);
  let buffered = '';
  let summary: DemoSummary | undefined;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += Buffer.from(chunk).toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith(DEMO_SUMMARY_PREFIX)) summary = JSON.parse(line.slice(DEMO_SUMMARY_PREFIX.length)) as DemoSummary;
      else if (line.startsWith('ERROR ')) throw new Error(line.slice(6));
      else console.log(line);
    }
  }
  if (!summary) throw new Error('The running stack ended the demo without a summary');
  return summary;
}

async function main(): Promise<void> {
  const ports = stackPorts();
  let summary = await viaRunningStack(ports.control);
  if (!summary) {
    console.log('No running stack found; starting one for the demo (npm start runs it for good).');
    const { n8nPort, brokerPort, simulatorPort } = ports;
    const stack = await startStack({ dataDir: stackDataDir(), databaseUrl: process.env.DATABASE_URL || undefined, n8nPort, brokerPort, simulatorPort, log: (line) => console.log(line) });
    try {
      summary = await runDemo(stack, (line) => console.log(line));
    } finally {
      await stack.stop();
    }
  }
  console.log(`\n${formatDemoSummary(summary)}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
