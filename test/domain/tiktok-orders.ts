import fixture from './fixtures/tiktok-order-202309.json';

let nextId = 1n;

/**
 * A TikTok Shop 202309 order in the real shape (the fixture file), with a fresh order id and
 * line-item ids, a chosen SKU list (one line item per unit) and any field overridden.
 */
export function tiktokOrder(options: { skus?: string[]; overrides?: Record<string, unknown> } = {}): Record<string, unknown> {
  const order = structuredClone(fixture) as Record<string, unknown> & { line_items: Array<Record<string, unknown>> };
  const id = 576461413038785752n + nextId++ * 1000n;
  order.id = String(id);
  if (options.skus) {
    const template = order.line_items[0];
    order.line_items = options.skus.map((sku, index) => ({ ...template, sku_id: sku, seller_sku: sku, id: String(id + BigInt(index) + 1n) }));
  }
  return { ...order, ...options.overrides };
}

export { fixture as tiktokOrderFixture };
