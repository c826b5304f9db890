import { AUTHORIZATION_ROUTES } from './authorization';
import { EVENT_ROUTES } from './events';
import { FULFILLMENT_ROUTES } from './fulfillment';
import { LOGISTICS_ROUTES } from './logistics';
import { ORDER_ROUTES } from './orders';
import { PRODUCT_ROUTES } from './products';
import type { SimulatorRoute } from './route';

export type { RouteRequest, SimulatorRoute } from './route';

export const SIMULATOR_ROUTES: readonly SimulatorRoute[] = [
  ...AUTHORIZATION_ROUTES,
  ...ORDER_ROUTES,
  ...FULFILLMENT_ROUTES,
  ...LOGISTICS_ROUTES,
  ...EVENT_ROUTES,
  ...PRODUCT_ROUTES,
];
