// Logistics API 202309: the shipping providers of a delivery option.
import { SimulatorApiError } from '../api-error';
import { DELIVERY_OPTIONS } from '../catalog';
import type { SimulatorRoute } from './route';

const getShippingProviders: SimulatorRoute = {
  method: 'GET',
  template: '/logistics/202309/delivery_options/{delivery_option_id}/shipping_providers',
  shopScoped: true,
  handle({ params }) {
    const option = DELIVERY_OPTIONS.find((candidate) => candidate.id === params.delivery_option_id);
    if (!option) throw new SimulatorApiError(21008116, 'No Subscription without specified delivery option.');
    return { shipping_providers: option.shippingProviders.map(({ id, name }) => ({ id, name })) };
  },
};

export const LOGISTICS_ROUTES: readonly SimulatorRoute[] = [getShippingProviders];
