// Delivers webhooks the way TikTok Shop does: POST of the JSON body with the `Authorization`
// signature, a 3-second wait for the answer, and retries 2 min, 30 min, 3 h and 12 h after a
// failed attempt. A 200 (accepted) or 401 (signature refused) ends a delivery; per TikTok's
// webhook guide those are the two answers it takes as final.
import { signTikTokWebhook } from '../signing';
import { pause } from './pause';

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
  /** Why there was no answer: `timeout after …ms` or `connection failed: …`. */
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
  /** Aborting stops waiting for retries (the simulator aborts on close). */
  signal?: AbortSignal;
}

async function attemptDelivery(url: string, rawBody: string, signature: string, timeoutMs: number, attempt: number): Promise<TikTokWebhookAttempt> {
  const sentAt = Date.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: signature },
      body: rawBody,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer();
    return { attempt, sentAt, status: response.status };
  } catch (error) {
    const failure = error as Error & { cause?: { code?: string; message?: string } };
    const reason = failure.name === 'TimeoutError' ? `timeout after ${timeoutMs}ms` : `connection failed: ${failure.cause?.code ?? failure.cause?.message ?? failure.message}`;
    return { attempt, sentAt, error: reason };
  }
}

async function deliver(webhook: TikTokWebhookToSend, rawBody: string, signature: string, copy: number): Promise<TikTokWebhookDelivery> {
  const schedule = webhook.retrySchedule ?? TIKTOK_WEBHOOK_RETRY_SCHEDULE_MS;
  const timeoutMs = webhook.timeoutMs ?? TIKTOK_WEBHOOK_ANSWER_TIMEOUT_MS;
  const attempts: TikTokWebhookAttempt[] = [];
  for (let retry = 0; ; retry += 1) {
    const attempt = await attemptDelivery(webhook.url, rawBody, signature, timeoutMs, retry + 1);
    attempts.push(attempt);
    if (attempt.status === 200 || attempt.status === 401) break;
    if (retry >= schedule.length || !(await pause(schedule[retry], webhook.signal))) break;
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
