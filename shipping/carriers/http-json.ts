// JSON over HTTP to a carrier's API, shared by the Shippo and EasyPost adapters: one request bounded
// by a timeout (body included), the carrier's error answers mapped to typed errors, and the answer's
// shape checked before anything is read from it.
import { z } from 'zod';
import { CarrierError, CarrierUnavailableError } from '../errors';

/** What a carrier's error body says: its message and, where it has one, its machine-readable code. */
export interface CarrierErrorText {
  message: string;
  code?: string;
}

export interface CarrierHttpOptions {
  /** The adapter's name, which starts every error message. */
  carrier: string;
  baseUrl: string;
  timeoutMs: number;
  /** Sent with every request: the carrier's auth (and version) headers. */
  headers: Record<string, string>;
  /** The carrier's own message from an error answer's parsed body; undefined when it has none. */
  readError: (body: unknown) => CarrierErrorText | undefined;
}

export interface CarrierRequest {
  method: 'GET' | 'POST';
  /** Below the base URL, e.g. `/shipments/`. */
  path: string;
  query?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
}

/** A JSON schema's parsed type, for responses read through `CarrierHttp.send`. */
export type ResponseSchema<T> = z.ZodType<T, z.ZodTypeDef, unknown>;

/** An amount the carrier sends as a decimal string ("7.58"), read as a number; anything else fails the shape check. */
export const decimalAmount = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'must be a decimal amount')
  .transform(Number);

/** An ISO 8601 timestamp with its zone ("2024-07-30T16:12:07Z"), read as a Date. */
export const isoDate = z
  .string()
  .datetime({ offset: true, message: 'must be an ISO 8601 timestamp' })
  .transform((text) => new Date(text));

/** 408, 429 and 5xx can succeed when asked again; other 4xx answers will not. */
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Connection failures that happen before a request can reach the carrier: it did nothing. */
const NEVER_SENT: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Why fetch failed, e.g. ECONNREFUSED or UND_ERR_SOCKET, when undici says. Read by shape, not
 * `instanceof`: fetch's errors may come from another realm (jest's sandbox, a worker).
 */
function failureCode(error: unknown): string {
  const { message, cause } = (error ?? {}) as { message?: unknown; cause?: { code?: unknown } };
  if (typeof cause?.code === 'string') return cause.code;
  return typeof message === 'string' ? message : String(error);
}

export class CarrierHttp {
  constructor(private readonly options: CarrierHttpOptions) {}

  /**
   * Sends `request` and returns its 2xx answer as `schema` reads it. Throws CarrierUnavailableError
   * when no answer came within the timeout or the connection failed, CarrierError for an error
   * answer (retryable for 408, 429 and 5xx) or a body that is not the expected JSON, and the
   * signal's reason as is when the caller aborts.
   */
  async send<T>(request: CarrierRequest, schema: ResponseSchema<T>): Promise<T> {
    const call = `${request.method} ${request.path}`;
    const { status, text } = await this.exchange(request, call);
    const body = parseJson(text);
    if (status < 200 || status >= 300) throw this.errorAnswer(call, status, body);
    if (body === undefined) {
      throw new CarrierError(this.options.carrier, `${call} answered ${status} with a body that is not JSON`, { httpStatus: status, retryable: false });
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ');
      throw new CarrierError(this.options.carrier, `${call} answered ${status} with an unexpected body: ${problems}`, { httpStatus: status, retryable: false });
    }
    return parsed.data;
  }

  private async exchange(request: CarrierRequest, call: string): Promise<{ status: number; text: string }> {
    const { carrier, baseUrl, timeoutMs, headers } = this.options;
    const url = new URL(request.path.replace(/^\//, ''), baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    try {
      const response = await fetch(url, {
        method: request.method,
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body,
        signal,
      });
      return { status: response.status, text: await response.text() };
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      if (timeout.aborted) throw new CarrierUnavailableError(carrier, `${call} had no answer within ${timeoutMs} ms`);
      const code = failureCode(error);
      throw new CarrierUnavailableError(carrier, `${call} failed: ${code}`, NEVER_SENT.has(code));
    }
  }

  private errorAnswer(call: string, status: number, body: unknown): CarrierError {
    const said = body === undefined ? undefined : this.options.readError(body);
    const message = `${call} answered ${status}: ${said?.message ?? 'no readable error message'}`;
    return new CarrierError(this.options.carrier, message, { httpStatus: status, carrierCode: said?.code, retryable: isRetryableStatus(status), refused: isRefusalStatus(status) });
  }
}

/** A 4xx says the request was not carried out, except a timeout (408) or a rate limit (429) in front of it. */
function isRefusalStatus(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}
