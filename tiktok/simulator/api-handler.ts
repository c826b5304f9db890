// The Open API side of the simulator: each request goes through faults, routing, the rate limit,
// the common checks and the endpoint, and is answered with TikTok's envelope.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseJsonExact } from '../json';
import { invalidMethod, invalidPath, SimulatorApiError, TIKTOK_CODES } from './api-error';
import { answer } from './answer';
import type { FaultQueue } from './faults';
import { firstQueryValues, headerValue, readBody } from './http-io';
import { shippingLabelPdf } from './label-pdf';
import type { SlidingWindowRateLimiter } from './rate-limiter';
import type { SimulatorRequestRecord } from './request-log';
import { authorizedShop, checkSignedRequest, mediaType } from './request-checks';
import type { RouteMatch } from './router';
import type { SimulatorState } from './state';

export interface ApiHandlerContext {
  state: SimulatorState;
  faults: FaultQueue;
  rateLimiter: SlidingWindowRateLimiter;
  route: (method: string, path: string) => RouteMatch;
  app: { appKey: string; appSecret: string };
  requests: SimulatorRequestRecord[];
  /** The simulator's own address, for the doc_url it hands out. */
  baseUrl: () => string;
  /** Aborted when the simulator closes: cuts delay faults short. */
  closing: AbortSignal;
  /** Leave empty lists and strings out of `data`, as TikTok's production API does. */
  omitEmptyFields: boolean;
}

function withoutEmptyFields(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return data;
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== '' && !(Array.isArray(value) && value.length === 0)));
}

const DOCUMENT_PATH = /^\/documents\/([0-9a-f]+)$/;

function parseJsonBody(rawBody: Buffer, contentType: string | undefined): unknown {
  if (rawBody.length === 0) return undefined;
  if (mediaType(contentType) !== 'application/json') {
    throw new SimulatorApiError(TIKTOK_CODES.invalidRequestFormat, 'Invalid request format. The request body format must be `application/json` for structured data.');
  }
  try {
    return parseJsonExact(rawBody.toString('utf8'));
  } catch {
    throw new SimulatorApiError(TIKTOK_CODES.invalidRequestFormat, 'Invalid request format. The request body is not valid JSON.');
  }
}

/** The envelope `data` for a request that passed faults, or the error to answer with. */
function serve(context: ApiHandlerContext, match: RouteMatch, request: IncomingMessage, parts: { path: string; query: Record<string, string>; rawBody: Buffer }): unknown {
  if (match.kind === 'none') throw invalidPath();
  if (match.kind === 'wrong-method') throw invalidMethod();

  const { route, params } = match;
  const { state } = context;
  if (!context.rateLimiter.tryAcquire(`${route.template} ${parts.query.shop_cipher ?? ''}`)) {
    throw new SimulatorApiError(TIKTOK_CODES.tooManyRequests, "Too many requests. You've made too many requests in a short period of time.", 429, 1);
  }
  const contentType = headerValue(request, 'content-type');
  checkSignedRequest({ ...parts, contentType }, context.app, state.nowSeconds());
  const shop = authorizedShop(state, route, headerValue(request, 'x-tts-access-token'), parts.query.shop_cipher);
  const body = parseJsonBody(parts.rawBody, contentType);
  const data = route.handle({ params, query: parts.query, body, shop, state, baseUrl: context.baseUrl() });
  return context.omitEmptyFields ? withoutEmptyFields(data) : data;
}

/** GET /documents/{token}: the PDF behind a doc_url (pre-authorised, like TikTok's document links). */
function serveDocument(context: ApiHandlerContext, token: string, response: ServerResponse): number {
  const { state } = context;
  const document = state.documents.get(token);
  const pkg = document && state.packages.get(document.packageId);
  if (!document || !pkg) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
    return 404;
  }
  const order = state.orderOrThrow(pkg.orderId);
  const address = order.recipient_address;
  const pdf = shippingLabelPdf(document.documentSize, `TikTok Shop ${document.documentType.replace(/_/g, ' ')}`, [
    `Tracking: ${pkg.trackingNumber ?? ''}`,
    `Carrier: ${order.shipping_provider ?? ''}`,
    `Order: ${order.id}`,
    `Package: ${pkg.id}`,
    `Items: ${pkg.lineItemIds.length}`,
    'Ship to:',
    address.name,
    address.full_address,
  ]);
  response.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(pdf.length) }).end(pdf);
  return 200;
}

export async function handleApiRequest(context: ApiHandlerContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const rawBody = await readBody(request);
  const url = new URL(request.url ?? '/', 'http://simulator');
  const path = url.pathname;
  const query = firstQueryValues(url.searchParams);
  const method = request.method ?? 'GET';
  const match = context.route(method, path);
  const record: SimulatorRequestRecord = {
    method,
    path,
    query,
    receivedAt: Date.now(),
    template: match.kind === 'found' ? match.route.template : match.kind === 'wrong-method' ? match.template : undefined,
    shopCipher: query.shop_cipher,
    accessToken: headerValue(request, 'x-tts-access-token'),
  };
  context.requests.push(record);

  const documentToken = method === 'GET' ? DOCUMENT_PATH.exec(path)?.[1] : undefined;
  if (documentToken !== undefined) {
    record.outcome = serveDocument(context, documentToken, response);
    return;
  }
  await answer(context.faults, record, request, response, () => serve(context, match, request, { path, query, rawBody }), context.closing);
}
