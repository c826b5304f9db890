// The CreatorFlow Database credential's test, called as n8n calls it: the method a node names in
// `testedBy`, with n8n-core's CredentialTestContext, against the embedded PostgreSQL.
import { CredentialTestContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject, ICredentialTestFunction, INodeType } from 'n8n-workflow';
import { closeAllDatabases } from '../../dist/nodes/shared/database-pool';
import { createTestDatabase } from '../domain/test-database';
import { loadPackage } from './harness/n8n-engine';
import type { Database } from '../../domain';

let database: Database;
let url: URL;

beforeAll(async () => {
  database = await createTestDatabase();
  url = new URL(database.connectionString);
});

afterAll(async () => {
  await closeAllDatabases();
  await database.close();
});

async function testCredential(data: ICredentialDataDecryptedObject) {
  const node = (await loadPackage()).getNode('inventory').type as INodeType;
  const testedBy = node.description.credentials?.find((credential) => credential.name === 'creatorFlowDatabaseApi')?.testedBy;
  const test = node.methods?.credentialTest?.[String(testedBy)] as ICredentialTestFunction;
  return test.call(new CredentialTestContext(), { id: 'db', name: 'CreatorFlow Database', type: 'creatorFlowDatabaseApi', data });
}

const withoutPassword = () => {
  const bare = new URL(url);
  bare.password = '';
  return bare.toString();
};

describe('CreatorFlow Database credential test', () => {
  it('passes for a connection string whose password is in the Password field, and reports the schema version', async () => {
    const result = await testCredential({ connectWith: 'connectionString', connectionString: withoutPassword(), password: decodeURIComponent(url.password), maxConnections: 2 });
    expect(result).toEqual({ status: 'OK', message: expect.stringMatching(/^Connected; CreatorFlow schema version \d+$/) });
  });

  it('passes for host, port, database, user and password fields', async () => {
    const result = await testCredential({
      connectWith: 'fields',
      host: url.hostname,
      port: Number(url.port),
      database: url.pathname.slice(1),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      ssl: 'disable',
      maxConnections: 2,
    });
    expect(result.status).toBe('OK');
  });

  it('fails with the server\'s message for a wrong password', async () => {
    const result = await testCredential({ connectWith: 'connectionString', connectionString: withoutPassword(), password: 'wrong-password', maxConnections: 2 });
    expect(result).toEqual({ status: 'Error', message: expect.stringContaining('password authentication failed') });
  });

  it('fails clearly for a connection string that is not a URL', async () => {
    const result = await testCredential({ connectWith: 'connectionString', connectionString: 'host=db user=x', password: 'secret', maxConnections: 2 });
    expect(result).toEqual({ status: 'Error', message: 'The CreatorFlow Database connection string is not a postgresql:// URL' });
  });
});
