import type { DbHandle } from '../database/transaction';
import { UnknownShopError } from '../errors';
import { ensureShop } from '../shops';
import { recordWebhookEvent, type WebhookDelivery } from './inbox';

/**
 * Records a delivery in the inbox as recordWebhookEvent does, creating its shop first when the
 * database has not seen the shop yet. For deliveries whose signature proved them authentic: the
 * shop is then one the app serves. A known shop costs no more than recordWebhookEvent.
 */
export async function recordWebhookEventCreatingShop(db: DbHandle, delivery: WebhookDelivery): Promise<{ duplicate: boolean }> {
  try {
    return await recordWebhookEvent(db, delivery);
  } catch (error) {
    if (!(error instanceof UnknownShopError)) throw error;
  }
  await ensureShop(db, { shopId: delivery.shopId });
  return recordWebhookEvent(db, delivery);
}
