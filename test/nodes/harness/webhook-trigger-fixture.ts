// What the TikTok Shop Trigger's tests share: a TikTok Shop simulator with a shop, a test database,
// the two credentials for them, trigger workflows, and the inbox as the trigger records it.
import { randomUUID } from 'node:crypto';
import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';
import type { Database } from '../../../domain';
import { startTikTokSimulator, type TikTokSimulator, type TikTokSimulatorShop } from '../../../tiktok/simulator';
import { createTestDatabase } from '../../domain/test-database';
import { databaseCredential } from './database-credential';
import type { CredentialsByType, WorkflowJson } from './n8n-engine';
import { chain, creatorFlowNode } from './workflow-builder';

export const TRIGGER = 'TikTok Shop Trigger';

export interface TriggerFixture {
  simulator: TikTokSimulator;
  shop: TikTokSimulatorShop;
  database: Database;
  /** Both credentials for the shop; `tiktok` overrides fields of the TikTok Shop API one. */
  credentials(tiktok?: ICredentialDataDecryptedObject): CredentialsByType;
  /** The inbox rows of a notification. */
  inboxRows(notificationId: string): Promise<Array<{ source: string; shop_id: string; payload: unknown }>>;
  close(): Promise<void>;
}

export async function startTriggerFixture(): Promise<TriggerFixture> {
  const simulator = await startTikTokSimulator();
  const shop = simulator.addShop();
  const database = await createTestDatabase();
  return {
    simulator,
    shop,
    database,
    credentials: (tiktok = {}) => ({
      tikTokShopApi: { ...simulator.clientOptionsFor(shop), shopId: shop.shopId, ...tiktok },
      creatorFlowDatabaseApi: databaseCredential(database),
    }),
    inboxRows: async (notificationId) =>
      (await database.pool.query('SELECT source, shop_id, payload FROM webhook_events WHERE event_id = $1', [notificationId])).rows,
    close: async () => {
      await simulator.close();
      await database.close();
    },
  };
}

/** A workflow of one TikTok Shop Trigger (more nodes may follow it), with the webhookId n8n's editor gives a webhook node. */
export function triggerWorkflow(parameters: INodeParameters, ...then: WorkflowJson['nodes']): WorkflowJson {
  return chain(creatorFlowNode('tikTokShopTrigger', TRIGGER, parameters, { webhookId: randomUUID() }), ...then);
}
