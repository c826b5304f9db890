import { upsertOrderFromTikTok, type Database } from '../../domain';
import { runClients } from './clients';

export interface BenchOrder {
  /** The TikTok order id, as our path takes it. */
  orderId: string;
  /** The orders row id, as the baselines' reservation insert takes it. */
  rowId: number;
}

/** A minimal TikTok Shop 202309 order: one unit of one SKU. */
function tiktokOrder(id: string, createTime: number): Record<string, unknown> {
  return {
    id,
    status: 'AWAITING_SHIPMENT',
    create_time: createTime,
    update_time: createTime,
    user_id: '7021436810468230477',
    payment: { currency: 'USD', total_amount: '19.99' },
    line_items: [{ id: `${id}1`, sku_id: '1729582718312380123', product_id: '1729582718312314491', product_name: 'Glow Serum 30ml', sale_price: '19.99' }],
  };
}

/** `count` orders of the shop, recorded through the real TikTok upsert by `clients` clients at once. */
export async function createOrders(db: Database, shopId: string, count: number, clients: number): Promise<BenchOrder[]> {
  const createTime = Math.floor(Date.now() / 1000);
  await runClients(count, clients, async (index) => {
    await upsertOrderFromTikTok(db, { shopId, order: tiktokOrder(String(576461413000000000n + BigInt(index)), createTime) });
    return true;
  });
  const { rows } = await db.pool.query<{ id: number; tiktok_order_id: string }>('SELECT id, tiktok_order_id FROM orders WHERE shop_id = $1 ORDER BY id', [shopId]);
  return rows.map((row) => ({ orderId: row.tiktok_order_id, rowId: row.id }));
}
