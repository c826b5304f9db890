// SQL for shipping_labels. Each function is one statement (or one transaction) on a connection the
// caller holds under the order's label lock; see purchase-label.ts for the protocol.
import type pg from 'pg';
import type { LabelFormat, PurchasedLabel, RateQuote } from '../carrier';
import { serviceLevelOf } from '../select-carrier';

export type LabelRowStatus = 'purchasing' | 'active' | 'voided' | 'failed';

export interface ShippingLabel {
  id: number;
  shopId: string;
  /** The TikTok order id. */
  orderId: string;
  status: LabelRowStatus;
  carrier: string;
  provider: string;
  service: string;
  rate: RateQuote;
  idempotencyKey: string;
  amount: number;
  currency: string;
  format: LabelFormat;
  trackingNumber: string | null;
  carrierLabelId: string | null;
  labelData: Buffer | null;
  labelUrl: string | null;
  failure: string | null;
  createdAt: Date;
  purchasedAt: Date | null;
  voidedAt: Date | null;
}

interface LabelRow {
  id: number;
  shop_id: string;
  tiktok_order_id: string;
  status: LabelRowStatus;
  carrier: string;
  provider: string;
  service: string;
  rate: RateQuote;
  idempotency_key: string;
  amount: number;
  currency: string;
  format: LabelFormat;
  tracking_number: string | null;
  carrier_label_id: string | null;
  label_data: Buffer | null;
  label_url: string | null;
  failure: string | null;
  created_at: Date;
  purchased_at: Date | null;
  voided_at: Date | null;
}

const selectLabel = `SELECT l.*, o.tiktok_order_id FROM shipping_labels l JOIN orders o ON o.id = l.order_id`;

function toLabel(row: LabelRow): ShippingLabel {
  return {
    id: row.id,
    shopId: row.shop_id,
    orderId: row.tiktok_order_id,
    status: row.status,
    carrier: row.carrier,
    provider: row.provider,
    service: row.service,
    rate: row.rate,
    idempotencyKey: row.idempotency_key,
    amount: row.amount,
    currency: row.currency,
    format: row.format,
    trackingNumber: row.tracking_number,
    carrierLabelId: row.carrier_label_id,
    labelData: row.label_data,
    labelUrl: row.label_url,
    failure: row.failure,
    createdAt: row.created_at,
    purchasedAt: row.purchased_at,
    voidedAt: row.voided_at,
  };
}

/** The label being bought or in use for the order, if any. */
export async function findCurrentLabel(client: pg.Pool | pg.PoolClient, orderRowId: number): Promise<ShippingLabel | null> {
  const { rows } = await client.query<LabelRow>(`${selectLabel} WHERE l.order_id = $1 AND l.status IN ('purchasing', 'active')`, [orderRowId]);
  return rows.length === 0 ? null : toLabel(rows[0]);
}

/** Every label row of the order, oldest first: failed attempts and voided labels too. */
export async function listLabelHistory(client: pg.Pool | pg.PoolClient, orderRowId: number): Promise<ShippingLabel[]> {
  const { rows } = await client.query<LabelRow>(`${selectLabel} WHERE l.order_id = $1 ORDER BY l.id`, [orderRowId]);
  return rows.map(toLabel);
}

/** How many purchase attempts the order has had: the next attempt's number in its idempotency key. */
export async function countLabelAttempts(client: pg.PoolClient, orderRowId: number): Promise<number> {
  const { rows } = await client.query<{ attempts: number }>('SELECT count(*)::int AS attempts FROM shipping_labels WHERE order_id = $1', [orderRowId]);
  return rows[0].attempts;
}

/** Records the attempt before the carrier is called; commits on its own. */
export async function insertPendingLabel(
  client: pg.PoolClient,
  input: { shopId: string; orderRowId: number; rate: RateQuote; idempotencyKey: string },
): Promise<ShippingLabel> {
  const { rate } = input;
  const { rows } = await client.query<{ id: number }>(
    `INSERT INTO shipping_labels (shop_id, order_id, status, carrier, provider, service, rate, idempotency_key, amount, currency, format)
     VALUES ($1, $2, 'purchasing', $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [input.shopId, input.orderRowId, rate.carrier, rate.provider, rate.service, JSON.stringify(rate), input.idempotencyKey, rate.amount, rate.currency, rate.labelFormat],
  );
  return readLabel(client, rows[0].id);
}

/** A row this connection just wrote (rows are never deleted while their order exists). */
export async function readLabel(client: pg.PoolClient, id: number): Promise<ShippingLabel> {
  const { rows } = await client.query<LabelRow>(`${selectLabel} WHERE l.id = $1`, [id]);
  return toLabel(rows[0]);
}

/** Both statements or neither, on a connection that is not inside a transaction already. */
async function inOneTransaction(client: pg.PoolClient, work: () => Promise<void>): Promise<void> {
  await client.query('BEGIN');
  try {
    await work();
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * The carrier sold the label: the row becomes the order's active label, and the order names its
 * provider, service level (in the rules' words) and tracking number.
 */
export async function activateLabel(client: pg.PoolClient, pending: ShippingLabel, orderRowId: number, bought: PurchasedLabel, now: Date): Promise<ShippingLabel> {
  await inOneTransaction(client, async () => {
    await client.query(
      `UPDATE shipping_labels SET status = 'active', tracking_number = $2, carrier_label_id = $3, label_data = $4, label_url = $5,
         amount = $6, currency = $7, format = $8, service = $9, purchased_at = $10
       WHERE id = $1 AND status = 'purchasing'`,
      [pending.id, bought.trackingNumber, bought.carrierLabelId, bought.labelData, bought.labelUrl, bought.amount, bought.currency, bought.format, bought.service, now],
    );
    await client.query(
      `UPDATE orders SET carrier = $2, service_level = $3, tracking_number = $4, label_url = $5, updated_at = $6 WHERE id = $1`,
      [orderRowId, bought.provider, serviceLevelOf(pending.rate), bought.trackingNumber, bought.labelUrl, now],
    );
  });
  return readLabel(client, pending.id);
}

/** The carrier refused the purchase outright: nothing was bought, the attempt is history. */
export async function failLabel(client: pg.PoolClient, labelId: number, failure: string): Promise<void> {
  await client.query(`UPDATE shipping_labels SET status = 'failed', failure = $2 WHERE id = $1 AND status = 'purchasing'`, [labelId, failure]);
}

/** The carrier voided the label: it is no longer the order's, and the order stops naming it. */
export async function markLabelVoided(client: pg.PoolClient, label: ShippingLabel, orderRowId: number, now: Date): Promise<ShippingLabel> {
  await inOneTransaction(client, async () => {
    await client.query(`UPDATE shipping_labels SET status = 'voided', voided_at = $2 WHERE id = $1 AND status = 'active'`, [label.id, now]);
    await client.query(
      `UPDATE orders SET tracking_number = NULL, label_url = NULL, updated_at = $3 WHERE id = $1 AND tracking_number IS NOT DISTINCT FROM $2`,
      [orderRowId, label.trackingNumber, now],
    );
  });
  return readLabel(client, label.id);
}

/** What the carrier adapter needs to void or re-read an active label. */
export function asPurchasedLabel(label: ShippingLabel): PurchasedLabel {
  if (label.trackingNumber === null || label.carrierLabelId === null) throw new Error(`Label ${label.id} is ${label.status}, not bought`);
  return {
    carrier: label.carrier,
    service: label.service,
    provider: label.provider,
    trackingNumber: label.trackingNumber,
    amount: label.amount,
    currency: label.currency,
    format: label.format,
    labelData: label.labelData,
    labelUrl: label.labelUrl,
    carrierLabelId: label.carrierLabelId,
  };
}
