import type { Order, OrderItem, OrderRecipient } from './order-record';
import type { ParsedTikTokOrder } from './tiktok-order-schema';

/** An order's fields as TikTok's order gives them; the rest are CreatorFlow's own. */
export type MappedOrder = Pick<
  Order,
  | 'tiktokStatus' | 'customerHandle' | 'productId' | 'productName' | 'sku' | 'quantity' | 'price' | 'currency'
  | 'buyerMessage' | 'shippingName' | 'shippingAddress' | 'shippingLocation' | 'shippingPostalCode' | 'shippingCountry'
  | 'shippingType' | 'recipient' | 'packageIds' | 'deadline' | 'tiktokCreatedAt' | 'tiktokUpdatedAt' | 'items'
> & { tiktokOrderId: string };

type TikTokAddress = NonNullable<ParsedTikTokOrder['recipient_address']>;

const cents = (value: number) => Math.round(value * 100) / 100;
const fromUnixSeconds = (seconds: number) => new Date(seconds * 1000);
const text = (value: string | undefined) => value?.trim() || null;

/** The name of the address's district at a level ("State", "City"), as TikTok's district info names it. */
const district = (address: TikTokAddress, levelName: string) => text(address.district_info?.find((level) => level.address_level_name === levelName)?.address_name);

/** TikTok's address lines that are not empty; its address detail when it gives no lines. */
function streetLines(address: TikTokAddress): string[] {
  const lines = [address.address_line1, address.address_line2, address.address_line3, address.address_line4].map(text).filter((line) => line !== null);
  if (lines.length > 0) return lines;
  const detail = text(address.address_detail);
  return detail === null ? [] : [detail];
}

function recipientOf(address: TikTokAddress): OrderRecipient {
  return {
    name: text(address.name),
    phone: text(address.phone_number),
    streetLines: streetLines(address),
    city: district(address, 'City'),
    state: district(address, 'State'),
    postalCode: text(address.postal_code),
    country: text(address.region_code),
  };
}

/**
 * TikTok line items carry no quantity: each is one unit, so an item's quantity is the number of
 * line items with its SKU (TikTok's sku_id, the key inventory is kept under) and its unit price
 * their mean sale price. The order's product is its first line item's.
 */
export function mapTikTokOrder(order: ParsedTikTokOrder): MappedOrder {
  const items = new Map<string, OrderItem & { total: number }>();
  for (const line of order.line_items) {
    const item = items.get(line.sku_id) ?? {
      sku: line.sku_id,
      sellerSku: line.seller_sku || null,
      productId: line.product_id,
      productName: line.product_name,
      skuName: line.sku_name ?? null,
      quantity: 0,
      unitPrice: 0,
      lineItemIds: [],
      total: 0,
    };
    item.quantity += 1;
    item.total += Number(line.sale_price);
    item.unitPrice = cents(item.total / item.quantity);
    item.lineItemIds.push(line.id);
    items.set(line.sku_id, item);
  }
  const first = order.line_items[0];
  const address = order.recipient_address;
  const location = address?.district_info?.map((level) => level.address_name).filter((name) => name !== '').join(', ');
  return {
    tiktokOrderId: order.id,
    tiktokStatus: order.status,
    customerHandle: order.user_id,
    productId: first.product_id,
    productName: first.product_name,
    sku: first.sku_id,
    quantity: order.line_items.length,
    price: Number(order.payment.total_amount),
    currency: order.payment.currency,
    buyerMessage: order.buyer_message || null,
    shippingName: address?.name || null,
    shippingAddress: address?.full_address || null,
    shippingLocation: location || null,
    shippingPostalCode: address?.postal_code || null,
    shippingCountry: address?.region_code || null,
    shippingType: order.shipping_type || null,
    recipient: address ? recipientOf(address) : null,
    packageIds: (order.packages ?? []).map((pkg) => pkg.id),
    deadline: order.rts_sla_time ? fromUnixSeconds(order.rts_sla_time) : null,
    tiktokCreatedAt: fromUnixSeconds(order.create_time),
    tiktokUpdatedAt: fromUnixSeconds(order.update_time),
    items: [...items.values()].map(({ total: _total, ...item }) => item),
  };
}
