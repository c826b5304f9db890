// One n8n main process on PostgreSQL, driven the way an operator would: its CLI for imports, then
// `n8n start`.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { N8nRuntime } from './n8n-runtime';
import { runCommand } from './run-command';

export interface PostgresConnection {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
}

export interface N8nServerOptions {
  runtime: N8nRuntime;
  /** N8N_USER_FOLDER: n8n's settings and the community-nodes folder live under it. */
  userFolder: string;
  port: number;
  /** The task runners' broker port; two n8n processes on one machine need different ones. */
  brokerPort: number;
  database: PostgresConnection;
  encryptionKey: string;
  /** Where n8n's output goes. */
  logFile: string;
  env?: Record<string, string>;
}

export function parsePostgresUrl(url: string, database?: string): PostgresConnection {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    database: database ?? decodeURIComponent(parsed.pathname.slice(1)),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
  };
}

export class N8nServer {
  private process: ChildProcess | undefined;
  private exited: Promise<void> | undefined;

  constructor(private readonly options: N8nServerOptions) {
    mkdirSync(options.userFolder, { recursive: true });
    mkdirSync(path.dirname(options.logFile), { recursive: true });
  }

  get url(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  webhookUrl(webhookPath: string): string {
    return `${this.url}/webhook/${webhookPath}`;
  }

  private env(): NodeJS.ProcessEnv {
    const { database } = this.options;
    return {
      ...process.env,
      // A test runner's NODE_ENV=test would switch n8n into its own test mode (silent, no server).
      NODE_ENV: 'production',
      PATH: `${path.dirname(this.options.runtime.nodeBinary)}${path.delimiter}${process.env.PATH ?? ''}`,
      N8N_USER_FOLDER: this.options.userFolder,
      N8N_PORT: String(this.options.port),
      N8N_LISTEN_ADDRESS: '127.0.0.1',
      N8N_RUNNERS_BROKER_PORT: String(this.options.brokerPort),
      N8N_ENCRYPTION_KEY: this.options.encryptionKey,
      N8N_DIAGNOSTICS_ENABLED: 'false',
      N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
      N8N_TEMPLATES_ENABLED: 'false',
      N8N_PERSONALIZATION_ENABLED: 'false',
      // n8n 2.x's default "vm" engine gives every execution a fresh isolate, built on the main
      // thread: at 8 orders/s that alone saturated n8n (ack p50 4 s). The shipped workflows are
      // ours, so their expressions run in n8n's in-process engine (README: figures and trade-off).
      N8N_EXPRESSION_ENGINE: process.env.N8N_EXPRESSION_ENGINE ?? 'legacy',
      // n8n's default zone (America/New_York) costs an Intl lookup on every expression's $now and
      // every node event (5% of n8n's time under load); UTC unless the environment names one.
      GENERIC_TIMEZONE: process.env.GENERIC_TIMEZONE ?? 'UTC',
      // Past what the machine sustains, orders wait in n8n's queue instead of all running at once:
      // the trigger's answers stay fast (20 orders/s: ack p99 0.2 s and none refused, against 6 s
      // and 552 refused without it). Sub-workflow runs are not counted, so nothing deadlocks.
      N8N_CONCURRENCY_PRODUCTION_LIMIT: process.env.N8N_CONCURRENCY_PRODUCTION_LIMIT ?? '6',
      DB_TYPE: 'postgresdb',
      DB_POSTGRESDB_HOST: database.host,
      DB_POSTGRESDB_PORT: String(database.port),
      DB_POSTGRESDB_DATABASE: database.database,
      DB_POSTGRESDB_USER: database.user,
      DB_POSTGRESDB_PASSWORD: database.password,
      ...this.options.env,
    };
  }

  /**
   * Runs `n8n <args>` (import, publish, execute, ...) to completion; n8n must not be running for
   * publishes to take effect. Beside a running n8n, give a command that starts task runners
   * (execute) a broker port of its own in `env`.
   */
  cli(args: string[], env: Record<string, string> = {}): Promise<string> {
    return runCommand(this.options.runtime.nodeBinary, [this.options.runtime.n8nEntry, ...args], { env: { ...this.env(), ...env } });
  }

  /** Starts `n8n start` and waits until the webhook at `probePath` is served (production webhooks are registered last). */
  async start(probePath: string, timeoutMs = 180_000): Promise<void> {
    if (this.process) throw new Error('n8n is already running');
    const log = createWriteStream(this.options.logFile, { flags: 'a' });
    // Its own process group: a terminal's Ctrl-C reaches `npm start`, which then stops n8n itself.
    const child = spawn(this.options.runtime.nodeBinary, [this.options.runtime.n8nEntry, 'start'], { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.process = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const exitedEarly = this.exited.then(() => {
      throw new Error(`n8n exited while starting; see ${this.options.logFile}`);
    });
    await Promise.race([this.waitForWebhook(probePath, timeoutMs), exitedEarly]);
  }

  /**
   * Resolves once n8n reports itself ready and POST /webhook/<path> is answered by a workflow
   * (anything but 404 or no answer). Readiness comes first: while migrating its database n8n
   * answers every request, webhooks included, with 200 "n8n is starting up".
   */
  async waitForWebhook(webhookPath: string, timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    const statusOf = (url: string, init?: RequestInit) => fetch(url, init).then((response) => response.status).catch(() => 0);
    for (;;) {
      const ready = (await statusOf(`${this.url}/healthz/readiness`)) === 200;
      const status = ready ? await statusOf(this.webhookUrl(webhookPath), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }) : 0;
      if (status !== 0 && status !== 404) return;
      if (!this.process || Date.now() > until) throw new Error(`n8n did not serve ${this.webhookUrl(webhookPath)} within ${timeoutMs / 1000} s; see ${this.options.logFile}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** Stops n8n as Ctrl-C does (it finishes running executions first); SIGKILL after `graceMs`. */
  async stop(graceMs = 30_000): Promise<void> {
    const child = this.process;
    if (!child) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(killer);
    this.process = undefined;
  }

  /** Kills n8n at once (kill -9): running executions die with it. */
  async kill(): Promise<void> {
    const child = this.process;
    if (!child) return;
    child.kill('SIGKILL');
    await this.exited;
    this.process = undefined;
  }
}
