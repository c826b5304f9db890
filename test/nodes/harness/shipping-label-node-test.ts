// The set-up the Shipping Label node tests share: a migrated database of the file's own with one
// shop, fresh Shippo and EasyPost fakes per test (real HTTP on ports of their own), the credentials
// for them, and orders walked to where the lifecycle buys their label.
import type { INode, INodeExecutionData, INodeParameters, IRun } from 'n8n-workflow';
import { closeAllDatabases } from '../../../dist/nodes/shared/database-pool';
import { ensureShop, transitionOrder, upsertOrderFromTikTok, type Database } from '../../../domain';
import { createTestDatabase } from '../../domain/test-database';
import { tiktokOrder } from '../../domain/tiktok-orders';
import { startEasyPostFake, type EasyPostFake } from '../../shipping/fakes/easypost-fake';
import { startShippoFake, type ShippoFake } from '../../shipping/fakes/shippo-fake';
import { SECRET } from '../../shipping/self-ship-fixture';
import { databaseCredential } from './database-credential';
import { runWorkflow, type CredentialsByType, type WorkflowJson } from './n8n-engine';
import { chain, creatorFlowNode } from './workflow-builder';

export const SHIPPING_LABEL_NODE = 'Shipping Label';

/** The sender every test ships from. */
export const shipFrom = { address: { name: 'Maya Chen', company: 'Wick & Co', street1: '215 Clayton St', city: 'San Francisco', state: 'CA', postalCode: '94117', country: 'US' } };

/** A Buy Label node with Shippo and EasyPost and the sender set; `parameters` add to or replace those. */
export function buyLabelNode(parameters: INodeParameters = {}, settings: Partial<INode> = {}): INode {
  return creatorFlowNode('shippingLabel', SHIPPING_LABEL_NODE, { operation: 'buyLabel', carriers: ['shippo', 'easypost'], shipFrom, ...parameters }, settings);
}

export interface ShippingLabelNodeTest {
  readonly shopId: string;
  /** Set once beforeAll has run. */
  readonly database: Database;
  /** Fresh for each test. */
  readonly shippoFake: ShippoFake;
  readonly easyPostFake: EasyPostFake;
  /** Runs the workflow (or the one node) with the database and carrier credentials. */
  run(workflow: WorkflowJson | INode, input: INodeExecutionData[]): Promise<IRun>;
  /** Labels bought at the fakes in this test. */
  purchases(): number;
  /** Stores the TikTok order (a fresh one by default) and walks it to inventory_reserved; its id. */
  reservedOrder(order?: Record<string, unknown>): Promise<string>;
}

/** Registers the hooks that open and close the database and the fakes. */
export function useShippingLabelNodeTest(shopId: string): ShippingLabelNodeTest {
  let database: Database | undefined;
  let fakes: { shippo: ShippoFake; easyPost: EasyPostFake } | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    await ensureShop(database, { shopId });
  });
  afterAll(async () => {
    await closeAllDatabases();
    await database?.close();
  });
  beforeEach(async () => {
    const [shippo, easyPost] = await Promise.all([startShippoFake(), startEasyPostFake()]);
    fakes = { shippo, easyPost };
  });
  afterEach(async () => {
    await Promise.all([fakes?.shippo.close(), fakes?.easyPost.close()]);
    fakes = undefined;
  });

  const opened = () => {
    if (!database) throw new Error('the test database is opened in beforeAll');
    return database;
  };
  const started = () => {
    if (!fakes) throw new Error('the carrier fakes are started in beforeEach');
    return fakes;
  };
  const credentials = (): CredentialsByType => ({
    creatorFlowDatabaseApi: databaseCredential(opened()),
    shippoApi: { apiKey: started().shippo.apiKey, baseUrl: started().shippo.baseUrl },
    easyPostApi: { apiKey: started().easyPost.apiKey, baseUrl: started().easyPost.baseUrl },
    creatorFlowSelfShipApi: { secret: SECRET },
  });

  return {
    shopId,
    get database() {
      return opened();
    },
    get shippoFake() {
      return started().shippo;
    },
    get easyPostFake() {
      return started().easyPost;
    },
    run(workflow, input) {
      return runWorkflow('nodes' in workflow ? workflow : chain(workflow), { credentials: credentials(), input });
    },
    purchases() {
      return started().shippo.purchaseCount + started().easyPost.purchaseCount;
    },
    async reservedOrder(order = tiktokOrder()) {
      await upsertOrderFromTikTok(opened(), { shopId, order });
      const orderId = String(order.id);
      for (const to of ['validated', 'processing', 'inventory_reserved'] as const) await transitionOrder(opened(), { shopId, orderId, to });
      return orderId;
    },
  };
}
