// Authorization API 202309: the shops the access token may act for (not shop-scoped: no shop_cipher).
import type { SimulatorRoute } from './route';

const getAuthorizedShops: SimulatorRoute = {
  method: 'GET',
  template: '/authorization/202309/shops',
  shopScoped: false,
  handle({ shop, state }) {
    return {
      shops: state.shopsOfSellerOf(shop).map(({ id, name, region, cipher }) => ({ id, name, region, seller_type: 'LOCAL', cipher, code: `US${id.slice(-6)}` })),
    };
  },
};

export const AUTHORIZATION_ROUTES: readonly SimulatorRoute[] = [getAuthorizedShops];
