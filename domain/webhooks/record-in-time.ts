import type { Deadline } from '../database/deadline';
import type { Database } from '../database/open-database';
import { inTransactionBefore } from '../database/transaction';
import type { WebhookDelivery } from './inbox';
import { recordWebhookEventCreatingShop } from './record-for-new-shop';

/**
 * Records a delivery as recordWebhookEventCreatingShop does, or, when the database cannot take it
 * by `deadline` (no free connection, a lock, a server that does not answer), rejects with
 * DeadlineExceededError having recorded nothing, so a redelivery is not mistaken for a duplicate.
 */
export function recordWebhookEventInTime(database: Database, delivery: WebhookDelivery, deadline: Deadline): Promise<{ duplicate: boolean }> {
  return inTransactionBefore(database, deadline, 'the webhook inbox write', (client) => recordWebhookEventCreatingShop(client, delivery));
}
