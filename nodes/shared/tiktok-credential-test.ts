import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import type { TikTokAuthorizedShop } from '../../tiktok/client';
import { credentialShopId, oneAttemptTikTokClient, tiktokClientOptions } from './tiktok-client';

/**
 * The TikTok Shop API credential's test (wired with `testedBy`): a signed Get Authorized Shops
 * call, which proves the app key, secret and access token, and checks that the configured shop
 * and cipher are among the shops the token may act for (a seller's token may act for several).
 */
export async function tikTokShopApiCredentialTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
  const data = credential.data ?? {};
  try {
    const { shops } = await oneAttemptTikTokClient(data).getAuthorizedShops();
    const found = credentialShopAmong(shops, credentialShopId(data), tiktokClientOptions(data).shopCipher);
    if ('problem' in found) return { status: 'Error', message: found.problem };
    return { status: 'OK', message: `Authorised for ${found.shop.name} (${found.shop.id})` };
  } catch (error) {
    return { status: 'Error', message: error instanceof Error ? error.message : String(error) };
  }
}

/** The credential's shop among the authorised ones (by Shop ID, else by cipher, else the first), or what is wrong. */
function credentialShopAmong(shops: readonly TikTokAuthorizedShop[], shopId: string | undefined, cipher: string | undefined): { shop: TikTokAuthorizedShop } | { problem: string } {
  const authorised = shops.map((shop) => `${shop.id} (cipher ${shop.cipher})`).join(', ') || 'no shop';
  if (shopId !== undefined) {
    const shop = shops.find((candidate) => candidate.id === shopId);
    if (!shop) return { problem: `The access token is not authorised for shop ${shopId}; it may act for ${authorised}` };
    if (cipher !== undefined && cipher !== shop.cipher) return { problem: `Shop ${shop.id}'s cipher is ${shop.cipher}, not the one in the credential` };
    return { shop };
  }
  const shop = cipher === undefined ? shops[0] : shops.find((candidate) => candidate.cipher === cipher);
  if (shop) return { shop };
  return { problem: cipher === undefined ? 'The access token is not authorised for any shop' : `No shop the access token may act for has the cipher in the credential; it may act for ${authorised}` };
}
