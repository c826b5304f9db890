// A loopback HTTP server for the carrier fakes: routes over normalised paths, the carrier's auth
// check on every non-public route, JSON bodies, a log of requests, and faults a test injects; and
// what both fakes sell: the services they quote, tracking numbers, and label files served here.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { shippingLabelPdf } from '../../../tiktok/simulator/label-pdf';
import { sleep } from '../../../tiktok/sleep';

export interface FakeRequest {
  method: string;
  /** Without a trailing slash: `/shipments/` and `/shipments` are one resource, as at the carriers. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Named groups of the route's pattern. */
  params: Record<string, string>;
  /** The parsed JSON body; undefined when there was none. */
  body: unknown;
}

export interface FakeAnswer {
  status: number;
  json?: unknown;
  /** Raw bytes instead of JSON (label files, broken bodies). */
  body?: string | Buffer;
  contentType?: string;
}

export interface FakeRoute {
  method: 'GET' | 'POST';
  path: RegExp;
  /** Served without the auth check, like the carriers' pre-signed label file URLs. */
  public?: boolean;
  handle(request: FakeRequest): FakeAnswer;
}

export interface FakeServerOptions {
  routes: readonly FakeRoute[];
  /** The carrier's refusal of a request's credentials; undefined when they are right. */
  authorize(request: FakeRequest): FakeAnswer | undefined;
  notFound: FakeAnswer;
  malformedBody: FakeAnswer;
}

/** The next `times` (1 unless given) requests that match `method` (any unless given) and `path`. */
export type FakeFault = { method?: 'GET' | 'POST'; path: string | RegExp; times?: number } & (
  /** The request is served (a purchase happens), then its answer waits `ms`: a client that gives up first never learns the outcome. */
  | { kind: 'delay'; ms: number }
  /** Answered with this instead of being served: nothing happens. */
  | { kind: 'answer'; answer: FakeAnswer }
  /** The connection is destroyed before anything is served. */
  | { kind: 'drop' }
);

export interface FaultHandle {
  /** Resolves when a request met the fault; for a delay, once the request was served and the wait began. */
  readonly applied: Promise<void>;
}

export interface FakeRequestRecord {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
  /** The status answered; 'dropped' for a destroyed connection; undefined while unanswered. */
  outcome?: number | 'dropped';
}

type PendingFault = FakeFault & { remaining: number; markApplied: () => void };

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function parseBody(raw: Buffer): { ok: true; body: unknown } | { ok: false } {
  if (raw.length === 0) return { ok: true, body: undefined };
  try {
    return { ok: true, body: JSON.parse(raw.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
}

function write(response: ServerResponse, answer: FakeAnswer): void {
  if (response.destroyed) return;
  const isJson = answer.body === undefined;
  const payload = isJson ? JSON.stringify(answer.json ?? null) : answer.body;
  response.writeHead(answer.status, { 'content-type': answer.contentType ?? (isJson ? 'application/json' : 'text/plain') });
  response.end(payload);
}

export class FakeServer {
  readonly requests: FakeRequestRecord[] = [];
  /** Errors thrown by route handlers (answered 500): a fake's own bug, which tests check is absent. */
  readonly handlerErrors: unknown[] = [];
  private readonly server: Server;
  private readonly closing = new AbortController();
  private faults: PendingFault[] = [];
  private url = '';

  private constructor(private readonly options: FakeServerOptions) {
    this.server = createServer((request, response) => {
      this.serve(request, response).catch((error: unknown) => {
        this.handlerErrors.push(error);
        response.destroy();
      });
    });
  }

  static async start(options: FakeServerOptions): Promise<FakeServer> {
    const fake = new FakeServer(options);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(0, '127.0.0.1', () => {
        fake.server.off('error', reject);
        resolve();
      });
    });
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  get baseUrl(): string {
    return this.url;
  }

  addFault(fault: FakeFault): FaultHandle {
    let markApplied = (): void => undefined;
    const applied = new Promise<void>((resolve) => {
      markApplied = resolve;
    });
    this.faults.push({ ...fault, remaining: fault.times ?? 1, markApplied });
    return { applied };
  }

  /** The requests to `path` (normalised, as routes see it), in arrival order. */
  requestsTo(method: string, path: string): FakeRequestRecord[] {
    return this.requests.filter((record) => record.method === method && record.path === path);
  }

  /** Stops listening, cuts delayed answers short (their connections are dropped) and closes every connection. */
  async close(): Promise<void> {
    this.closing.abort();
    await new Promise<void>((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }

  private takeFault(method: string, path: string): PendingFault | undefined {
    const fault = this.faults.find((candidate) => (candidate.method ?? method) === method && (typeof candidate.path === 'string' ? candidate.path === path : candidate.path.test(path)));
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    return fault;
  }

  private async serve(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(incoming.url ?? '/', this.url);
    const method = incoming.method ?? 'GET';
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const raw = await readBody(incoming);
    const parsed = parseBody(raw);
    const record: FakeRequestRecord = { method, path, query: url.searchParams, headers: incoming.headers, body: parsed.ok ? parsed.body : raw.toString('utf8') };
    this.requests.push(record);

    const fault = this.takeFault(method, path);
    if (fault?.kind === 'drop') {
      incoming.socket.destroy();
      record.outcome = 'dropped';
      fault.markApplied();
      return;
    }
    const answer = fault?.kind === 'answer' ? fault.answer : this.answer({ method, path, query: url.searchParams, headers: incoming.headers, params: {}, body: parsed.ok ? parsed.body : undefined }, parsed.ok);
    if (fault?.kind === 'delay') {
      fault.markApplied();
      try {
        await sleep(fault.ms, this.closing.signal);
      } catch {
        incoming.socket.destroy();
        record.outcome = 'dropped';
        return;
      }
    } else {
      fault?.markApplied();
    }
    write(response, answer);
    record.outcome = answer.status;
  }

  /** The route's answer to the request, after the auth check. */
  private answer(request: FakeRequest, bodyIsJson: boolean): FakeAnswer {
    for (const route of this.options.routes) {
      const match = route.method === request.method ? route.path.exec(request.path) : null;
      if (!match) continue;
      if (!route.public) {
        const refusal = this.options.authorize(request);
        if (refusal) return refusal;
      }
      if (!bodyIsJson) return this.options.malformedBody;
      try {
        return route.handle({ ...request, params: { ...match.groups } });
      } catch (error) {
        this.handlerErrors.push(error);
        return { status: 500, body: 'fake handler failed', contentType: 'text/plain' };
      }
    }
    return this.options.notFound;
  }
}

/**
 * What every carrier fake has around its own state: the API key it accepts, the label files it
 * serves, carrier failures a test queues for purchases, and its server (address, request log,
 * faults, closing).
 */
export abstract class CarrierFake {
  protected readonly files = new LabelFiles();
  private readonly purchaseFailures: string[] = [];
  private server: FakeServer | undefined;

  protected constructor(readonly apiKey: string) {}

  /** The carrier's endpoints (the label files route is added to them). */
  protected abstract routes(): FakeRoute[];
  /** The carrier's refusal of a request's credentials; undefined when they are right. */
  protected abstract authorize(request: FakeRequest): FakeAnswer | undefined;
  /** The carrier's answers to an unknown path and to a body that is not JSON. */
  protected abstract readonly errorAnswers: Pick<FakeServerOptions, 'notFound' | 'malformedBody'>;

  /** Starts serving on a free loopback port; resolves to the fake itself. */
  async listening(): Promise<this> {
    this.server = await FakeServer.start({ routes: [...this.routes(), this.files.route], authorize: (request) => this.authorize(request), ...this.errorAnswers });
    return this;
  }

  /** The next purchase fails at the carrier with `message`, and nothing is bought. */
  failNextPurchase(message: string): void {
    this.purchaseFailures.push(message);
  }

  /** The failure queued for this purchase, if any. */
  protected takePurchaseFailure(): string | undefined {
    return this.purchaseFailures.shift();
  }

  private get started(): FakeServer {
    if (this.server === undefined) throw new Error('the fake is not listening yet');
    return this.server;
  }

  get baseUrl(): string {
    return this.started.baseUrl;
  }

  /** Every request received, in arrival order. */
  get requests(): readonly FakeRequestRecord[] {
    return this.started.requests;
  }

  get handlerErrors(): readonly unknown[] {
    return this.started.handlerErrors;
  }

  requestsTo(method: 'GET' | 'POST', path: string): FakeRequestRecord[] {
    return this.started.requestsTo(method, path);
  }

  addFault(fault: FakeFault): FaultHandle {
    return this.started.addFault(fault);
  }

  /** Closes the fake; rejects with the first error a route handler threw, so that a fake's own bug fails the test. */
  async close(): Promise<void> {
    await this.started.close();
    if (this.handlerErrors.length > 0) throw this.handlerErrors[0];
  }
}

/** A carrier-style object id: 32 hex digits. */
export function hexId(): string {
  return randomBytes(16).toString('hex');
}

function randomDigits(count: number): string {
  return Array.from(randomBytes(count), (byte) => String(byte % 10)).join('');
}

const GRAMS_PER_OUNCE = 28.349523125;

/** The services both fakes quote, priced like the real ones by weight: a base plus a rate per ounce. */
export const FAKE_SERVICES = [
  { provider: 'USPS', shippoToken: 'usps_ground_advantage', easyPostService: 'GroundAdvantage', base: 4.25, perOunce: 0.09, days: 5 },
  { provider: 'USPS', shippoToken: 'usps_priority', easyPostService: 'Priority', base: 7.9, perOunce: 0.12, days: 2 },
  // No delivery estimate, as some carriers give none.
  { provider: 'UPS', shippoToken: 'ups_ground', easyPostService: 'Ground', base: 9.1, perOunce: 0.1, days: null },
] as const;
export type FakeService = (typeof FAKE_SERVICES)[number];

/** The service's price for `grams`, as the decimal string carriers send. */
export function priceFor(service: FakeService, grams: number): string {
  return (service.base + (service.perOunce * grams) / GRAMS_PER_OUNCE).toFixed(2);
}

/** A tracking number in the provider's real format: USPS 22 digits from 9400, UPS 1Z and 16 characters. */
export function trackingNumberFor(provider: FakeService['provider']): string {
  return provider === 'UPS' ? `1Z${randomBytes(8).toString('hex').toUpperCase()}` : `9400${randomDigits(18)}`;
}

export type FakeLabelKind = 'PDF' | 'ZPL' | 'PNG';

/** A 1x1 PNG: what the fakes hand out where the carriers give a PNG label image. */
const ONE_PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

const LABEL_TYPES: Record<FakeLabelKind, { extension: string; contentType: string }> = {
  PDF: { extension: 'pdf', contentType: 'application/pdf' },
  ZPL: { extension: 'zpl', contentType: 'application/zpl' },
  PNG: { extension: 'png', contentType: 'image/png' },
};

function labelBytes(kind: FakeLabelKind, lines: readonly string[]): Buffer {
  if (kind === 'PDF') return shippingLabelPdf('A6', lines[0] ?? 'Shipping label', lines.slice(1));
  if (kind === 'ZPL') return Buffer.from(['^XA', ...lines.map((line, index) => `^FO40,${40 + index * 50}^A0N,36,36^FD${line}^FS`), '^XZ'].join('\n'));
  return ONE_PIXEL_PNG;
}

/** Label files a fake serves itself under /files/, like the carriers' pre-signed file URLs. */
export class LabelFiles {
  private readonly files = new Map<string, { bytes: Buffer; contentType: string }>();

  /** Stores a label of `kind` showing `lines`; returns its URL below `baseUrl`. */
  put(baseUrl: string, kind: FakeLabelKind, lines: readonly string[]): string {
    const { extension, contentType } = LABEL_TYPES[kind];
    const name = `${hexId()}.${extension}`;
    this.files.set(name, { bytes: labelBytes(kind, lines), contentType });
    return `${baseUrl}/files/${name}`;
  }

  readonly route: FakeRoute = {
    method: 'GET',
    path: /^\/files\/(?<name>[0-9a-f]+\.[a-z]+)$/,
    public: true,
    handle: ({ params }) => {
      const file = this.files.get(params.name);
      return file ? { status: 200, body: file.bytes, contentType: file.contentType } : { status: 404, body: 'Not Found' };
    },
  };
}
