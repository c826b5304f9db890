// Logistics API 202309: the shipping providers of a delivery option.
import { pathId } from '../input';
import type { EndpointRequest } from '../signed-request';
import { dataWithDefaults } from './data-defaults';

export interface TikTokShippingProvider {
  id: string;
  name: string;
}

export interface TikTokShippingProvidersData {
  shipping_providers: TikTokShippingProvider[];
}

export function getShippingProvidersRequest(deliveryOptionId: string): EndpointRequest<TikTokShippingProvidersData> {
  return {
    method: 'GET',
    path: `/logistics/202309/delivery_options/${pathId(deliveryOptionId, 'deliveryOptionId')}/shipping_providers`,
    dataSchema: dataWithDefaults<TikTokShippingProvidersData>({ shipping_providers: [] }),
  };
}
