import { createHash } from 'node:crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { TikTokShopClient, type TikTokShopClientOptions } from '../../tiktok/client';

/**
 * One client per credential content, kept for the life of the process: its circuit breaker, its
 * shop's rate limiter and a refreshed access token then carry over from one execution to the next.
 * (A refreshed token lives in memory only; n8n gives community nodes no way to write a credential.)
 */
const clients = new Map<string, TikTokShopClient>();

export function tiktokClientFor(credentials: ICredentialDataDecryptedObject): TikTokShopClient {
  const options = tiktokClientOptions(credentials);
  const key = createHash('sha256').update(JSON.stringify(options)).digest('hex');
  let client = clients.get(key);
  if (!client) {
    client = new TikTokShopClient(options);
    clients.set(key, client);
  }
  return client;
}

/**
 * A client of its own making one attempt per call, for someone waiting on the answer (activation,
 * the credential test): they hear at once, and a failure trips no breaker the executions share.
 */
export function oneAttemptTikTokClient(credentials: ICredentialDataDecryptedObject, timeoutMs?: number): TikTokShopClient {
  return new TikTokShopClient({ ...tiktokClientOptions(credentials), retry: { maxAttempts: 1 }, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
}

/** The credential's Shop ID, when it names one. */
export function credentialShopId(credentials: ICredentialDataDecryptedObject): string | undefined {
  const { shopId } = credentials;
  return typeof shopId === 'string' && shopId.trim() !== '' ? shopId.trim() : undefined;
}

/** The client options a TikTok Shop API credential gives; empty optional fields are left out. */
export function tiktokClientOptions(credentials: ICredentialDataDecryptedObject): TikTokShopClientOptions {
  const text = (name: string) => {
    const value = credentials[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  return {
    appKey: text('appKey') ?? '',
    appSecret: text('appSecret') ?? '',
    accessToken: text('accessToken') ?? '',
    refreshToken: text('refreshToken'),
    shopCipher: text('shopCipher'),
    baseUrl: text('baseUrl'),
    authBaseUrl: text('authBaseUrl'),
  };
}
