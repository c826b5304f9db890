import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { TikTokShopClient } from '../../tiktok/client';
import { tiktokClientOptions } from './tiktok-client';

/**
 * The TikTok Shop API credential's test (wired with `testedBy`): a signed Get Authorized Shops
 * call, which proves the app key, secret and access token, and checks that the configured shop
 * and cipher are among the shops the token may act for.
 */
export async function tikTokShopApiCredentialTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
  const data = credential.data ?? {};
  try {
    const options = tiktokClientOptions(data);
    // A fresh client with no retries: the test should answer quickly and not share a breaker.
    const { shops } = await new TikTokShopClient({ ...options, retry: { maxAttempts: 1 } }).getAuthorizedShops();
    const shopId = typeof data.shopId === 'string' ? data.shopId.trim() : '';
    const shop = shopId === '' ? shops[0] : shops.find((candidate) => candidate.id === shopId);
    if (!shop) return { status: 'Error', message: `The access token is not authorised for shop ${shopId}; it may act for ${shops.map((s) => s.id).join(', ') || 'no shop'}` };
    if (options.shopCipher && options.shopCipher !== shop.cipher) return { status: 'Error', message: `Shop ${shop.id}'s cipher is ${shop.cipher}, not the one in the credential` };
    return { status: 'OK', message: `Authorised for ${shop.name} (${shop.id})` };
  } catch (error) {
    return { status: 'Error', message: error instanceof Error ? error.message : String(error) };
  }
}
