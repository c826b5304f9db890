// Fixed reference data of the simulated service: delivery options and their shipping providers.

export interface SimulatedShippingProvider {
  id: string;
  name: string;
}

export interface SimulatedDeliveryOption {
  id: string;
  name: string;
  shippingProviders: SimulatedShippingProvider[];
}

const USPS = { id: '7117858858072016686', name: 'USPS' };
const UPS = { id: '7117859084333745966', name: 'UPS' };
const FEDEX = { id: '7129736293935187714', name: 'FedEx' };

export const DELIVERY_OPTIONS: readonly SimulatedDeliveryOption[] = [
  { id: '7091146663229654785', name: 'Standard Shipping', shippingProviders: [USPS, UPS, FEDEX] },
  { id: '7091146663229654786', name: 'Express Shipping', shippingProviders: [UPS, FEDEX] },
];

export const STANDARD_DELIVERY_OPTION = DELIVERY_OPTIONS[0];

/** The carrier of TikTok Shipping packages, and of orders created already shipped. */
export const DEFAULT_SHIPPING_PROVIDER = USPS;

export function shippingProviderById(id: string): SimulatedShippingProvider | undefined {
  for (const option of DELIVERY_OPTIONS) {
    const provider = option.shippingProviders.find((candidate) => candidate.id === id);
    if (provider) return provider;
  }
  return undefined;
}
