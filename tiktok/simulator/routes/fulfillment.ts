// Fulfillment API 202309: ship a package, its shipping documents, update shipping info, mark a
// package as shipped. Error codes and messages are those the endpoints document.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { TikTokOrder, TikTokOrderStatus } from '../../order';
import { invalidParameter, SimulatorApiError } from '../api-error';
import { DEFAULT_SHIPPING_PROVIDER, shippingProviderById } from '../catalog';
import { applyOrderStatus, syncLineItems } from '../order-factory';
import type { SimulatedPackage, SimulatorState } from '../state';
import { parseParameters, numericIdString, type RouteRequest, type SimulatorRoute } from './route';

const notFound = (what: string) => new SimulatorApiError(21008111, `The order or package does not belong to the current seller. (${what})`);
const orderCancelled = () => new SimulatorApiError(21011041, 'Cannot complete the operation when order is cancelled.');
/** Ship Package documents this as 11006021, Mark Package As Shipped as 21008099. */
const alreadyShipped = (code: 11006021 | 21008099) => new SimulatorApiError(code, 'Package has been shipped. Please not ship the package again.');

function orderOrThrow({ params, shop, state }: RouteRequest): TikTokOrder {
  const order = state.orderOfShop(shop.id, params.order_id);
  if (!order) throw notFound(`order ${params.order_id}`);
  return order;
}

function packageOrThrow({ params, shop, state }: RouteRequest): SimulatedPackage {
  const pkg = state.packageOfShop(shop.id, params.package_id);
  if (!pkg) throw notFound(`package ${params.package_id}`);
  return pkg;
}

/** Orders that cannot be shipped: cancelled ones, and ones not yet paid or on hold. */
function assertShippable(order: TikTokOrder): void {
  if (order.status === 'CANCELLED') throw orderCancelled();
  if (order.status === 'UNPAID' || order.status === 'ON_HOLD') {
    throw new SimulatorApiError(21001001, `Invalid parameters. The order is ${order.status} and cannot be shipped yet.`);
  }
}

const providerId = numericIdString.refine((id) => shippingProviderById(id) !== undefined, 'unknown shipping provider');

/** After packages were shipped: the order is in transit (or awaiting collection) once all are, else partially shipping. */
function afterShipping(state: SimulatorState, order: TikTokOrder, whenAllShipped: TikTokOrderStatus): void {
  const allShipped = order.packages.every(({ id }) => state.packages.get(id)?.status !== 'PROCESSING');
  applyOrderStatus(state, order, allShipped ? whenAllShipped : 'PARTIALLY_SHIPPING', state.nowSeconds());
}

function ship(state: SimulatorState, pkg: SimulatedPackage, trackingNumber: string, shippingProviderId: string): void {
  pkg.status = 'FULFILLING';
  pkg.trackingNumber = trackingNumber;
  pkg.shippingProviderId = shippingProviderId;
  pkg.shippedAt = state.nowSeconds();
}

const shipPackageBody = z.object({
  handover_method: z.enum(['PICKUP', 'DROP_OFF']).optional(),
  pickup_slot: z.object({ start_time: z.number().int(), end_time: z.number().int() }).optional(),
  self_shipment: z.object({ tracking_number: z.string().min(1), shipping_provider_id: providerId }).optional(),
});

const shipPackage: SimulatorRoute = {
  method: 'POST',
  template: '/fulfillment/202309/packages/{package_id}/ship',
  shopScoped: true,
  handle(request) {
    const pkg = packageOrThrow(request);
    const body = parseParameters(shipPackageBody, request.body, 'body');
    const { state } = request;
    const order = state.orderOrThrow(pkg.orderId);
    assertShippable(order);
    if (pkg.status !== 'PROCESSING') throw alreadyShipped(11006021);
    pkg.handoverMethod = body.handover_method ?? 'PICKUP';
    const selfShipment = body.self_shipment;
    ship(state, pkg, selfShipment?.tracking_number ?? state.ids.tracking.take(), selfShipment?.shipping_provider_id ?? DEFAULT_SHIPPING_PROVIDER.id);
    // TikTok Shipping waits for the carrier to collect; a seller's own shipment is on its way.
    afterShipping(state, order, selfShipment ? 'IN_TRANSIT' : 'AWAITING_COLLECTION');
    return {};
  },
};

const shippingDocumentQuery = z.object({
  document_type: z.enum(['SHIPPING_LABEL', 'PACKING_SLIP', 'SHIPPING_LABEL_AND_PACKING_SLIP']),
  document_size: z.enum(['A6', 'A5']).default('A6'),
  document_format: z.literal('PDF').default('PDF'),
});

const getShippingDocument: SimulatorRoute = {
  method: 'GET',
  template: '/fulfillment/202309/packages/{package_id}/shipping_documents',
  shopScoped: true,
  handle(request) {
    const pkg = packageOrThrow(request);
    const query = parseParameters(shippingDocumentQuery, request.query, 'query');
    const order = request.state.orderOrThrow(pkg.orderId);
    if (order.shipping_type !== 'TIKTOK') {
      throw new SimulatorApiError(11034002, 'This API is only applicable to TikTok Shipping orders. For seller shipping orders, print labels with your own carrier.');
    }
    if (pkg.status === 'CANCELLED') throw new SimulatorApiError(21023059, 'Package has already been cancelled.');
    if (pkg.status === 'PROCESSING' || pkg.trackingNumber === undefined) {
      throw new SimulatorApiError(21023035, 'Please arrange shipment before retrieving the shipping document.');
    }
    const token = randomBytes(16).toString('hex');
    request.state.documents.set(token, { packageId: pkg.id, documentType: query.document_type, documentSize: query.document_size });
    return { doc_url: `${request.baseUrl}/documents/${token}`, tracking_number: pkg.trackingNumber };
  },
};

const trackingBody = z.object({ tracking_number: z.string().min(1), shipping_provider_id: providerId });

const updateShippingInfo: SimulatorRoute = {
  method: 'POST',
  template: '/fulfillment/202309/orders/{order_id}/shipping_info/update',
  shopScoped: true,
  handle(request) {
    const order = orderOrThrow(request);
    const body = parseParameters(trackingBody, request.body, 'body');
    if (order.status === 'CANCELLED') throw orderCancelled();
    if (order.status === 'DELIVERED' || order.status === 'COMPLETED') {
      throw new SimulatorApiError(21011030, 'Package has already been delivered. Shipping information can no longer be updated.');
    }
    const shipped = order.packages
      .map(({ id }) => request.state.packages.get(id))
      .filter((pkg): pkg is SimulatedPackage => pkg?.status === 'FULFILLING');
    if (shipped.length === 0) throw new SimulatorApiError(21011043, 'The package has not been shipped yet.');
    for (const pkg of shipped) {
      pkg.trackingNumber = body.tracking_number;
      pkg.shippingProviderId = body.shipping_provider_id;
    }
    order.update_time = request.state.nowSeconds();
    syncLineItems(request.state, order);
    return {};
  },
};

const markShippedBody = trackingBody.extend({ order_line_item_ids: z.array(numericIdString).min(1).optional() });

/** The package holding exactly `lineItemIds`: an existing unshipped one, or one split off for them. */
function packageFor(state: SimulatorState, shopId: string, order: TikTokOrder, lineItemIds: string[]): SimulatedPackage {
  const wanted = new Set(lineItemIds);
  const holders = new Set(order.line_items.filter((item) => wanted.has(item.id)).map((item) => item.package_id));
  const [holderId] = holders;
  const holder = holders.size === 1 && holderId !== undefined ? state.packages.get(holderId) : undefined;
  if (holder && holder.lineItemIds.length === wanted.size) return holder;

  const pkg: SimulatedPackage = { id: state.ids.package.take(), shopId, orderId: order.id, lineItemIds, status: 'PROCESSING' };
  state.packages.set(pkg.id, pkg);
  for (const { id } of order.packages) {
    const previous = state.packages.get(id)!;
    previous.lineItemIds = previous.lineItemIds.filter((itemId) => !wanted.has(itemId));
  }
  order.packages = [...order.packages.filter(({ id }) => state.packages.get(id)!.lineItemIds.length > 0), { id: pkg.id }];
  for (const item of order.line_items) if (wanted.has(item.id)) item.package_id = pkg.id;
  return pkg;
}

const markPackageAsShipped: SimulatorRoute = {
  method: 'POST',
  template: '/fulfillment/202309/orders/{order_id}/packages',
  shopScoped: true,
  handle(request) {
    const order = orderOrThrow(request);
    const body = parseParameters(markShippedBody, request.body, 'body');
    const { state } = request;
    assertShippable(order);
    const unshipped = order.line_items.filter((item) => item.package_status === 'TO_FULFILL').map((item) => item.id);
    const lineItemIds = body.order_line_item_ids ?? unshipped;
    for (const id of lineItemIds) {
      if (!order.line_items.some((item) => item.id === id)) throw invalidParameter(`body order_line_item_ids: ${id} is not a line item of order ${order.id}`);
      if (!unshipped.includes(id)) throw alreadyShipped(21008099);
    }
    if (lineItemIds.length === 0) throw alreadyShipped(21008099);
    const pkg = packageFor(state, request.shop.id, order, lineItemIds);
    ship(state, pkg, body.tracking_number, body.shipping_provider_id);
    afterShipping(state, order, 'IN_TRANSIT');
    return { order_id: order.id, order_line_item_ids: lineItemIds, package_id: pkg.id };
  },
};

export const FULFILLMENT_ROUTES: readonly SimulatorRoute[] = [shipPackage, getShippingDocument, updateShippingInfo, markPackageAsShipped];
