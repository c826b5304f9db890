import { beforeDeadline, type Deadline } from '../database/deadline';
import type { Database } from '../database/open-database';
import { ignoreLostConnection } from '../database/transaction';
import type { WebhookDelivery } from './inbox';
import { recordWebhookEventCreatingShop } from './record-for-new-shop';

/**
 * Records a delivery as recordWebhookEventCreatingShop does, or, when the database cannot take it
 * by `deadline` (no free connection, a lock, a server that does not answer), rejects with
 * DeadlineExceededError having recorded nothing: the connection is closed, which rolls back what
 * it began, so a redelivery is not mistaken for a duplicate. Only COMMIT is waited for past the
 * deadline: once sent, its outcome decides whether the delivery is new.
 */
export async function recordWebhookEventInTime(database: Database, delivery: WebhookDelivery, deadline: Deadline): Promise<{ duplicate: boolean }> {
  const client = await beforeDeadline(database.pool.connect(), deadline, 'database connection for the webhook inbox', (late) => late.release());
  client.on('error', ignoreLostConnection);
  let recorded: { duplicate: boolean };
  try {
    recorded = await beforeDeadline(
      client.query('BEGIN').then(() => recordWebhookEventCreatingShop(client, delivery)),
      deadline,
      'answer from the database to the webhook inbox write',
    );
    await client.query('COMMIT');
  } catch (error) {
    client.release(true);
    throw error;
  } finally {
    client.off('error', ignoreLostConnection);
  }
  client.release();
  return recorded;
}
