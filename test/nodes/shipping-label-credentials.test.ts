// The carrier credentials as n8n tests them: Shippo's and EasyPost's declarative test requests,
// signed by their `authenticate`, sent by n8n-core's RoutingNode over real HTTP to the fakes; and
// the self-ship credential's test method on the Shipping Label node.
import { CredentialTestContext } from 'n8n-core';
import type { ICredentialTestFunction, INodeType } from 'n8n-workflow';
import { startEasyPostFake, type EasyPostFake } from '../shipping/fakes/easypost-fake';
import { startShippoFake, type ShippoFake } from '../shipping/fakes/shippo-fake';
import { SECRET } from '../shipping/self-ship-fixture';
import { loadPackage } from './harness/n8n-engine';
import { testCredential } from './harness/shipping-label-credential-tester';

let shippoFake: ShippoFake;
let easyPostFake: EasyPostFake;

beforeAll(async () => {
  [shippoFake, easyPostFake] = await Promise.all([startShippoFake(), startEasyPostFake()]);
});
afterAll(() => Promise.all([shippoFake.close(), easyPostFake.close()]));

describe('Shippo API credential', () => {
  it("passes with the account's token: one address listed, signed with ShippoToken", async () => {
    expect(await testCredential('shippoApi', { apiKey: shippoFake.apiKey, baseUrl: shippoFake.baseUrl })).toEqual({ status: 'OK', message: 'Connection successful!' });
    const [request] = shippoFake.requestsTo('GET', '/addresses');
    expect(request.headers.authorization).toBe(`ShippoToken ${shippoFake.apiKey}`);
    expect(request.query.get('results')).toBe('1');
  });

  it('fails with a wrong token', async () => {
    const result = await testCredential('shippoApi', { apiKey: 'shippo_test_wrong', baseUrl: shippoFake.baseUrl });
    expect(result).toEqual({ status: 'Error', message: 'Unauthorized' });
  });
});

describe('EasyPost API credential', () => {
  it("passes with the account's key: one address listed, the key as the Basic auth user", async () => {
    expect(await testCredential('easyPostApi', { apiKey: easyPostFake.apiKey, baseUrl: easyPostFake.baseUrl })).toEqual({ status: 'OK', message: 'Connection successful!' });
    const [request] = easyPostFake.requestsTo('GET', '/v2/addresses');
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${easyPostFake.apiKey}:`).toString('base64')}`);
    expect(request.query.get('page_size')).toBe('1');
  });

  it('fails with a wrong key', async () => {
    expect(await testCredential('easyPostApi', { apiKey: 'EZTKwrong', baseUrl: easyPostFake.baseUrl })).toEqual({ status: 'Error', message: 'Unauthorized' });
  });
});

describe('CreatorFlow Self-Ship API credential', () => {
  async function selfShipTest(secret: string) {
    const node = (await loadPackage()).getNode('shippingLabel').type as INodeType;
    const description = node.description.credentials?.find((credential) => credential.name === 'creatorFlowSelfShipApi');
    const test = node.methods?.credentialTest?.[String(description?.testedBy)] as ICredentialTestFunction;
    return test.call(new CredentialTestContext(), { id: 'self-ship', name: 'Self-Ship', type: 'creatorFlowSelfShipApi', data: { secret } });
  }

  it('passes with a secret the self-ship carrier accepts', async () => {
    expect(await selfShipTest(SECRET)).toEqual({ status: 'OK', message: 'The self-ship carrier accepts this secret' });
  });

  it('fails with a secret shorter than 16 bytes, saying so', async () => {
    expect(await selfShipTest('too-short')).toEqual({ status: 'Error', message: 'self_ship: options.secret: must be at least 16 bytes' });
  });
});
