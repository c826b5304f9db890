import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A TikTok Shop Partner app authorised by one shop. Requests are signed with the app secret
 * (HMAC-SHA256 over path, parameters and body), which n8n's declarative authentication cannot
 * express, so the nodes sign through the library client and the credential is tested by a node
 * method that calls Get Authorized Shops.
 */
export class TikTokShopApi implements ICredentialType {
  name = 'tikTokShopApi';

  displayName = 'TikTok Shop API';

  icon = 'file:../nodes/shared/tiktok-shop.svg' as const;

  documentationUrl = 'https://github.com/creatorflow/n8n-nodes-creatorflow#tiktok-shop-api';

  properties: INodeProperties[] = [
    { displayName: 'App Key', name: 'appKey', type: 'string', default: '', required: true },
    { displayName: 'App Secret', name: 'appSecret', type: 'string', typeOptions: { password: true }, default: '', required: true, description: 'Signs every request and verifies the webhooks TikTok sends' },
    { displayName: 'Access Token', name: 'accessToken', type: 'string', typeOptions: { password: true }, default: '', required: true },
    { displayName: 'Refresh Token', name: 'refreshToken', type: 'string', typeOptions: { password: true }, default: '', description: 'Lets the nodes renew an expired access token' },
    { displayName: 'Shop Cipher', name: 'shopCipher', type: 'string', default: '', description: "The shop's cipher from Get Authorized Shops; required for cross-border shops" },
    { displayName: 'Shop ID', name: 'shopId', type: 'string', default: '', description: 'The shop this credential acts for; webhooks from other shops are refused' },
    {
      displayName: 'Base URL',
      name: 'baseUrl',
      type: 'string',
      default: 'https://open-api.tiktokglobalshop.com',
      description: 'Change only for a sandbox or the local TikTok Shop simulator',
    },
    {
      displayName: 'Auth Base URL',
      name: 'authBaseUrl',
      type: 'string',
      default: 'https://auth.tiktok-shops.com',
      description: 'Where access tokens are refreshed; the simulator serves both on one address',
    },
  ];
}
