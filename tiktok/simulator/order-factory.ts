// Realistic 202309 orders for the simulator: buyer, address, payment and one line item per unit
// (as TikTok lists them), with its package. Callers override any top-level field.
import type { TikTokOrder, TikTokOrderLineItem, TikTokOrderStatus, TikTokRecipientAddress } from '../order';
import { DEFAULT_SHIPPING_PROVIDER, shippingProviderById, STANDARD_DELIVERY_OPTION } from './catalog';
import type { SimulatedPackage, SimulatedProduct, SimulatedSku, SimulatorState } from './state';

const RECIPIENTS: ReadonlyArray<Omit<TikTokRecipientAddress, 'phone_number' | 'district_info'> & { state: string; city: string }> = [
  { name: 'Maya Chen', first_name: 'Maya', last_name: 'Chen', address_line1: '1199 Coleman Ave', address_line2: 'Suite 100', city: 'San Jose', state: 'California', postal_code: '95110', region_code: 'US', full_address: '1199 Coleman Ave Suite 100, San Jose, CA 95110' },
  { name: 'Jordan Ellis', first_name: 'Jordan', last_name: 'Ellis', address_line1: '742 Evergreen Terrace', address_line2: '', city: 'Springfield', state: 'Illinois', postal_code: '62704', region_code: 'US', full_address: '742 Evergreen Terrace, Springfield, IL 62704' },
  { name: 'Priya Natarajan', first_name: 'Priya', last_name: 'Natarajan', address_line1: '55 Water St', address_line2: 'Apt 12B', city: 'Brooklyn', state: 'New York', postal_code: '11201', region_code: 'US', full_address: '55 Water St Apt 12B, Brooklyn, NY 11201' },
  { name: 'Sam Okafor', first_name: 'Sam', last_name: 'Okafor', address_line1: '2100 Congress Ave', address_line2: '', city: 'Austin', state: 'Texas', postal_code: '78701', region_code: 'US', full_address: '2100 Congress Ave, Austin, TX 78701' },
];

export function recipientAddress(index: number): TikTokRecipientAddress {
  const { state, city, ...address } = RECIPIENTS[index % RECIPIENTS.length];
  return {
    ...address,
    phone_number: '(+1)213-***-1234',
    district_info: [
      { address_level_name: 'Country', address_name: 'United States', address_level: 'L0' },
      { address_level_name: 'State', address_name: state, address_level: 'L1' },
      { address_level_name: 'City', address_name: city, address_level: 'L3' },
    ],
  };
}

const cents = (amount: string): number => Math.round(Number(amount) * 100);
const money = (amountInCents: number): string => (amountInCents / 100).toFixed(2);

/** A product with one SKU stocked in the shop's warehouse. */
export function createProduct(state: SimulatorState, shopId: string, input: { title?: string; price?: string; quantity?: number } = {}): SimulatedProduct {
  const shop = state.shopOrThrow(shopId);
  const productId = state.ids.product.take();
  const sku: SimulatedSku = {
    id: state.ids.sku.take(),
    sellerSku: `CF-${productId.slice(-6)}`,
    name: 'Default',
    price: input.price ?? '24.99',
    inventory: new Map([[shop.warehouseId, input.quantity ?? 500]]),
  };
  const product: SimulatedProduct = { id: productId, shopId, title: input.title ?? 'Glow Serum 30ml', skus: [sku] };
  state.products.set(product.id, product);
  return product;
}

export interface SimulatorOrderLines {
  /** The product ordered; the shop's first product (created if there is none) when absent. */
  productId?: string;
  /** The product's first SKU when absent. */
  skuId?: string;
  /** Units ordered, one line item each; 1 when absent. */
  quantity?: number;
}

function chooseSku(state: SimulatorState, shopId: string, selection: SimulatorOrderLines): { product: SimulatedProduct; sku: SimulatedSku } {
  const product =
    selection.productId !== undefined
      ? state.productOfShop(shopId, selection.productId)
      : ([...state.products.values()].find((candidate) => candidate.shopId === shopId) ?? createProduct(state, shopId));
  if (!product) throw new Error(`Shop ${shopId} has no product ${selection.productId}`);
  const sku = selection.skuId === undefined ? product.skus[0] : product.skus.find((candidate) => candidate.id === selection.skuId);
  if (!sku) throw new Error(`Product ${product.id} has no SKU ${selection.skuId}`);
  return { product, sku };
}

function lineItem(state: SimulatorState, product: SimulatedProduct, sku: SimulatedSku, status: TikTokOrderStatus): TikTokOrderLineItem {
  return {
    id: state.ids.lineItem.take(),
    product_id: product.id,
    product_name: product.title,
    sku_id: sku.id,
    sku_name: sku.name,
    seller_sku: sku.sellerSku,
    sale_price: sku.price,
    original_price: sku.price,
    platform_discount: '0',
    seller_discount: '0',
    currency: 'USD',
    display_status: status,
    is_gift: false,
  };
}

function payment(lineItems: TikTokOrderLineItem[]): TikTokOrder['payment'] {
  const subTotal = lineItems.reduce((sum, item) => sum + cents(item.sale_price), 0);
  const shippingFee = 599;
  const tax = Math.round(subTotal * 0.08);
  return {
    currency: 'USD',
    sub_total: money(subTotal),
    shipping_fee: money(shippingFee),
    seller_discount: '0',
    platform_discount: '0',
    tax: money(tax),
    total_amount: money(subTotal + shippingFee + tax),
    original_total_product_price: money(subTotal),
    original_shipping_fee: money(shippingFee),
  };
}

/** Stores a new order (and its package) for the shop; `overrides` replace the generated top-level fields. */
export function createOrder(state: SimulatorState, shopId: string, overrides: Partial<TikTokOrder> = {}, selection: SimulatorOrderLines = {}): TikTokOrder {
  const shop = state.shopOrThrow(shopId);
  const now = state.nowSeconds();
  const status = overrides.status ?? 'AWAITING_SHIPMENT';
  const orderId = overrides.id ?? state.ids.order.take();
  if (state.orders.has(orderId)) throw new Error(`The simulator already has an order ${orderId}`);

  const quantity = selection.quantity ?? 1;
  if (!Number.isInteger(quantity) || quantity < 1) throw new RangeError(`quantity must be a positive integer, got ${quantity}`);
  const lineItems =
    overrides.line_items ??
    (() => {
      const { product, sku } = chooseSku(state, shopId, selection);
      return Array.from({ length: quantity }, () => lineItem(state, product, sku, status));
    })();
  const createTime = overrides.create_time ?? now;

  const order: TikTokOrder = {
    id: orderId,
    status,
    create_time: createTime,
    update_time: createTime,
    paid_time: status === 'UNPAID' ? undefined : createTime,
    user_id: state.ids.buyer.take(),
    buyer_email: `buyer${orderId.slice(-6)}@scs.tiktokw.us`,
    buyer_message: '',
    payment: payment(lineItems),
    recipient_address: recipientAddress(state.orders.size),
    line_items: lineItems,
    packages: [],
    fulfillment_type: 'FULFILLMENT_BY_SELLER',
    shipping_type: 'TIKTOK',
    delivery_type: 'HOME_DELIVERY',
    delivery_option_id: STANDARD_DELIVERY_OPTION.id,
    delivery_option_name: STANDARD_DELIVERY_OPTION.name,
    warehouse_id: shop.warehouseId,
    is_cod: false,
    is_on_hold_order: status === 'ON_HOLD',
    is_sample_order: false,
    is_replacement_order: false,
    is_buyer_request_cancel: false,
    has_updated_recipient_address: false,
    commerce_platform: 'TIKTOK_SHOP',
    order_type: 'NORMAL',
    ...overrides,
  };
  state.orders.set(order.id, { shopId, order });

  const pkg: SimulatedPackage = { id: state.ids.package.take(), shopId, orderId: order.id, lineItemIds: lineItems.map((item) => item.id), status: 'PROCESSING' };
  state.packages.set(pkg.id, pkg);
  order.packages = [{ id: pkg.id }];
  for (const item of order.line_items) item.package_id = pkg.id;
  applyOrderStatus(state, order, status, createTime);
  return order;
}

/** The status an order's packages take with the order's; PARTIALLY_SHIPPING leaves each package as it is. */
const PACKAGE_STATUS_OF_ORDER: Record<TikTokOrderStatus, SimulatedPackage['status'] | undefined> = {
  UNPAID: 'PROCESSING',
  ON_HOLD: 'PROCESSING',
  AWAITING_SHIPMENT: 'PROCESSING',
  PARTIALLY_SHIPPING: undefined,
  AWAITING_COLLECTION: 'FULFILLING',
  IN_TRANSIT: 'FULFILLING',
  DELIVERED: 'COMPLETED',
  COMPLETED: 'COMPLETED',
  CANCELLED: 'CANCELLED',
};

/**
 * Moves an order to `status` and keeps its line items and packages consistent: packages of a
 * shipped order get a tracking number if they had none; a cancelled order's packages are cancelled.
 */
export function applyOrderStatus(state: SimulatorState, order: TikTokOrder, status: TikTokOrderStatus, at: number): void {
  order.status = status;
  order.update_time = at;
  if (status === 'CANCELLED') order.cancel_time ??= at;
  for (const { id } of order.packages) {
    const pkg = state.packages.get(id);
    if (!pkg) continue;
    pkg.status = PACKAGE_STATUS_OF_ORDER[status] ?? pkg.status;
    if (pkg.status === 'FULFILLING' || pkg.status === 'COMPLETED') {
      pkg.trackingNumber ??= state.ids.tracking.take();
      pkg.shippingProviderId ??= DEFAULT_SHIPPING_PROVIDER.id;
      pkg.shippedAt ??= at;
    }
  }
  syncLineItems(state, order);
}

/** Copies each package's status and tracking onto the order's line items and order-level fields. */
export function syncLineItems(state: SimulatorState, order: TikTokOrder): void {
  for (const item of order.line_items) {
    item.display_status = order.status;
    const pkg = item.package_id === undefined ? undefined : state.packages.get(item.package_id);
    if (!pkg) continue;
    item.package_status = pkg.status === 'PROCESSING' ? 'TO_FULFILL' : pkg.status;
    item.tracking_number = pkg.trackingNumber;
    item.shipping_provider_id = pkg.shippingProviderId;
    item.shipping_provider_name = pkg.shippingProviderId === undefined ? undefined : shippingProviderById(pkg.shippingProviderId)?.name;
    item.rts_time = pkg.shippedAt;
  }
  const shipped = order.line_items.find((item) => item.tracking_number !== undefined);
  order.tracking_number = shipped?.tracking_number;
  order.shipping_provider_id = shipped?.shipping_provider_id;
  order.shipping_provider = shipped?.shipping_provider_name;
  order.rts_time = shipped?.rts_time;
}
