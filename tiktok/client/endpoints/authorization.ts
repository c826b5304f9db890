// Authorization API 202309: the shops the access token may act for. The cheapest signed call
// there is, so it also serves as the credential test.
import type { EndpointRequest } from '../signed-request';
import { dataWithDefaults } from './data-defaults';

export interface TikTokAuthorizedShop {
  id: string;
  name: string;
  region: string;
  seller_type: string;
  cipher: string;
  code: string;
}

export interface TikTokAuthorizedShopsData {
  shops: TikTokAuthorizedShop[];
}

export function getAuthorizedShopsRequest(): EndpointRequest<TikTokAuthorizedShopsData> {
  return { method: 'GET', path: '/authorization/202309/shops', dataSchema: dataWithDefaults<TikTokAuthorizedShopsData>({ shops: [] }) };
}
