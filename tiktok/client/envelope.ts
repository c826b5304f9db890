// TikTok's response envelope `{ code, message, request_id, data }`: `data` on code 0, a typed error otherwise.
import { z } from 'zod';
import { parseJsonExact } from '../json';
import { isRetryableAnswer } from './error-codes';
import { TikTokApiError } from './errors';
import type { TikTokHttpAnswer } from './transport';

const envelopeSchema = z.object({
  code: z.number().int(),
  message: z.string().optional(),
  request_id: z.string().optional(),
  data: z.unknown().optional(),
});

/** The body as JSON with exact ids, or undefined when it is not JSON. */
function parseJson(text: string): unknown {
  try {
    return parseJsonExact(text);
  } catch {
    return undefined;
  }
}

/**
 * The envelope's `data` when the answer is a success (HTTP 2xx and code 0); otherwise throws
 * TikTokApiError. With `dataSchema`, a success whose `data` does not fit is an error too.
 */
export function unwrapEnvelope<T>(answer: TikTokHttpAnswer, dataSchema?: z.ZodType<T, z.ZodTypeDef, unknown>): T {
  const parsed = envelopeSchema.safeParse(parseJson(answer.bodyText));
  const httpOk = answer.status >= 200 && answer.status < 300;
  if (parsed.success && parsed.data.code === 0 && httpOk) {
    if (!dataSchema) return parsed.data.data as T;
    const data = dataSchema.safeParse(parsed.data.data);
    if (data.success) return data.data;
    throw new TikTokApiError({
      code: 0,
      message: `success answer with unusable data: ${data.error.issues.map((issue) => `${issue.path.join('.') || 'data'}: ${issue.message}`).join('; ')}`,
      requestId: parsed.data.request_id,
      httpStatus: answer.status,
      retryable: false,
    });
  }

  const code = parsed.success ? parsed.data.code : null;
  const message = parsed.success
    ? (parsed.data.message ?? '')
    : `HTTP ${answer.status} without a TikTok envelope: ${JSON.stringify(answer.bodyText.slice(0, 200))}`;
  throw new TikTokApiError({
    code,
    message,
    requestId: parsed.success ? parsed.data.request_id : undefined,
    httpStatus: answer.status,
    retryable: isRetryableAnswer(code, answer.status),
    retryAfterMs: answer.retryAfterMs,
  });
}
