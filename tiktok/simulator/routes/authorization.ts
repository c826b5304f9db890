// Authorization API 202309: the shops the access token may act for (not shop-scoped: no shop_cipher).
import type { SimulatorRoute } from './route';

const getAuthorizedShops: SimulatorRoute = {
  method: 'GET',
  template: '/authorization/202309/shops',
  shopScoped: false,
  handle({ shop }) {
    return { shops: [{ id: shop.id, name: shop.name, region: shop.region, seller_type: 'LOCAL', cipher: shop.cipher, code: `US${shop.id.slice(-6)}` }] };
  },
};

export const AUTHORIZATION_ROUTES: readonly SimulatorRoute[] = [getAuthorizedShops];
