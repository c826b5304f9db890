// The set-up the CreatorFlow Order and Viral Detection node tests share: a migrated database of
// the file's own, a shop per test, and one-line workflow runs with the database credential.
import type { IDataObject, INode } from 'n8n-workflow';
import { closeAllDatabases } from '../../../dist/nodes/shared/database-pool';
import { ensureShop, type Database } from '../../../domain';
import { createTestDatabase } from '../../domain/test-database';
import { databaseCredential } from './database-credential';
import { runWorkflow } from './n8n-engine';
import { chain } from './workflow-builder';

export interface NodeTestDatabase {
  /** The test database; set once beforeAll has run. */
  readonly database: Database;
  /** A new shop, so that each test sees only its own orders. */
  newShop(): Promise<string>;
  /** Runs the nodes in a line with one input item per JSON object. */
  run(nodes: INode[], input: object[]): ReturnType<typeof runWorkflow>;
}

/** Registers beforeAll/afterAll hooks that create and drop the database (and close the nodes' pools). */
export function useNodeTestDatabase(shopPrefix: string): NodeTestDatabase {
  let database: Database | undefined;
  let shopCounter = 0;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await closeAllDatabases();
    await database?.close();
  });
  const opened = () => {
    if (!database) throw new Error('the test database is opened in beforeAll');
    return database;
  };
  return {
    get database() {
      return opened();
    },
    async newShop() {
      const shopId = `${shopPrefix}-${++shopCounter}`;
      await ensureShop(opened(), { shopId });
      return shopId;
    },
    run(nodes, input) {
      const credentials = { creatorFlowDatabaseApi: databaseCredential(opened()) };
      return runWorkflow(chain(...nodes), { credentials, input: input.map((json) => ({ json: json as IDataObject })) });
    },
  };
}
