// Delivers webhooks the way TikTok Shop does: POST of the JSON body with the `Authorization`
// signature, a 3-second wait for the answer, and retries 2 min, 30 min, 3 h and 12 h after a
// failed attempt. A 200 (accepted) or 401 (signature refused) ends a delivery; per TikTok's
// webhook guide those are the two answers it takes as final.
import { signTikTokWebhook } from '../signing';
import { sleep } from '../sleep';

/** The webhook body TikTok sends (see the parser in tiktok/webhook for the topics). */
export interface TikTokWebhookBody {
  type: number;
  tts_notification_id?: string;
  shop_id: string;
  timestamp: number;
  data: Record<string, unknown>;
}

export const TIKTOK_WEBHOOK_RETRY_SCHEDULE_MS: readonly number[] = [2 * 60_000, 30 * 60_000, 3 * 3_600_000, 12 * 3_600_000];
export const TIKTOK_WEBHOOK_ANSWER_TIMEOUT_MS = 3_000;

export interface TikTokWebhookSendOptions {
  /** Extra deliveries of the same body (same notification id and signature), sent at the same time as the first; 0 when absent. */
  duplicates?: number;
  /** Milliseconds to wait before each retry; TikTok's schedule when absent. Its length is the number of retries. */
  retrySchedule?: readonly number[];
  /** Milliseconds to wait for an answer before the attempt counts as failed; 3000 when absent. */
  timeoutMs?: number;
}

export interface TikTokWebhookAttempt {
  /** 1 for the first try, 2 for the first retry, … */
  attempt: number;
  /** Wall-clock milliseconds when the attempt was sent. */
  sentAt: number;
  /** The receiver's HTTP status, when it answered. */
  status?: number;
  /** Why there was no answer: `timeout after …ms`, `connection failed: …`, or `cancelled` (the sender was stopped meanwhile). */
  error?: string;
}

export interface TikTokWebhookDelivery {
  /** 0 for the original delivery, 1… for duplicates. */
  copy: number;
  /** Whether an attempt got HTTP 200. */
  delivered: boolean;
  attempts: TikTokWebhookAttempt[];
}

export interface TikTokWebhookSendResult {
  rawBody: string;
  signature: string;
  deliveries: TikTokWebhookDelivery[];
}

export interface TikTokWebhookToSend extends TikTokWebhookSendOptions {
  url: string;
  /** The body object, or the exact JSON text to send (e.g. with ids as bare numbers). */
  body: TikTokWebhookBody | string;
  appKey: string;
  appSecret: string;
  /** Aborting ends the deliveries: an attempt in flight is cut off and no retry is sent (the simulator aborts on close). */
  signal?: AbortSignal;
}

/** The retry schedule and answer timeout a delivery uses: the options', else TikTok's. */
export function webhookDeliveryTiming(options: TikTokWebhookSendOptions): { retrySchedule: readonly number[]; timeoutMs: number } {
  return { retrySchedule: options.retrySchedule ?? TIKTOK_WEBHOOK_RETRY_SCHEDULE_MS, timeoutMs: options.timeoutMs ?? TIKTOK_WEBHOOK_ANSWER_TIMEOUT_MS };
}

/** The attempt's `error` when the sender was stopped while it waited for the answer. */
export const TIKTOK_WEBHOOK_CANCELLED = 'cancelled';

async function attemptDelivery(url: string, rawBody: string, signature: string, timeoutMs: number, attempt: number, stop: AbortSignal | undefined): Promise<TikTokWebhookAttempt> {
  const sentAt = Date.now();
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: signature },
      body: rawBody,
      signal: stop ? AbortSignal.any([stop, timeout]) : timeout,
    });
    await response.arrayBuffer();
    return { attempt, sentAt, status: response.status };
  } catch (error) {
    if (stop?.aborted) return { attempt, sentAt, error: TIKTOK_WEBHOOK_CANCELLED };
    if (timeout.aborted) return { attempt, sentAt, error: `timeout after ${timeoutMs}ms` };
    const failure = error as Error & { cause?: { code?: string; message?: string } };
    return { attempt, sentAt, error: `connection failed: ${failure.cause?.code ?? failure.cause?.message ?? failure.message}` };
  }
}

async function deliver(webhook: TikTokWebhookToSend, rawBody: string, signature: string, copy: number): Promise<TikTokWebhookDelivery> {
  const { retrySchedule, timeoutMs } = webhookDeliveryTiming(webhook);
  const attempts: TikTokWebhookAttempt[] = [];
  for (let retry = 0; ; retry += 1) {
    const attempt = await attemptDelivery(webhook.url, rawBody, signature, timeoutMs, retry + 1, webhook.signal);
    attempts.push(attempt);
    if (attempt.status === 200 || attempt.status === 401 || retry >= retrySchedule.length) break;
    try {
      await sleep(retrySchedule[retry], webhook.signal);
    } catch {
      break; // stopped while waiting for the retry
    }
  }
  return { copy, delivered: attempts.some((attempt) => attempt.status === 200), attempts };
}

/** Signs and delivers one webhook (and its duplicates), retrying as TikTok does; resolves when every delivery has ended. */
export async function sendTikTokWebhook(webhook: TikTokWebhookToSend): Promise<TikTokWebhookSendResult> {
  const duplicates = webhook.duplicates ?? 0;
  if (!Number.isInteger(duplicates) || duplicates < 0) throw new RangeError(`duplicates must be a non-negative integer, got ${duplicates}`);
  const rawBody = typeof webhook.body === 'string' ? webhook.body : JSON.stringify(webhook.body);
  const signature = signTikTokWebhook(rawBody, webhook.appKey, webhook.appSecret);
  const deliveries = await Promise.all(Array.from({ length: duplicates + 1 }, (_, copy) => deliver(webhook, rawBody, signature, copy)));
  return { rawBody, signature, deliveries };
}
