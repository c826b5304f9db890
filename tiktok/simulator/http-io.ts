// Reading requests and writing the service's answers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SimulatorApiError } from './api-error';
import { requestId } from './ids';

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Query parameters by name; a repeated name keeps its first value, as TikTok's signature reads it. */
export function firstQueryValues(params: URLSearchParams): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of params) if (!(key in query)) query[key] = value;
  return query;
}

export function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Writes the `{ code, message, request_id, data }` envelope (no `data` on errors, as TikTok answers them). */
export function sendEnvelope(response: ServerResponse, nowMs: number, answer: { data: unknown } | SimulatorApiError): void {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (answer instanceof SimulatorApiError) {
    if (answer.retryAfterSeconds !== undefined) headers['retry-after'] = String(answer.retryAfterSeconds);
    response.writeHead(answer.httpStatus, headers);
    response.end(JSON.stringify({ code: answer.code, message: answer.message, request_id: requestId(nowMs) }));
    return;
  }
  response.writeHead(200, headers);
  response.end(JSON.stringify({ code: 0, message: 'Success', request_id: requestId(nowMs), data: answer.data }));
}
