// The TikTok Shop API credential's test, called as n8n calls it: the node's
// methods.credentialTest method with n8n-core's CredentialTestContext, against the simulator.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CredentialTestContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject, INodeCredentialTestResult, INodeType } from 'n8n-workflow';
import { loadPackage } from './harness/n8n-engine';
import { startTikTokShopSimulation, type TikTokShopSimulation } from './harness/tiktok-shop-simulator';

let simulation: TikTokShopSimulation;
let credential: ICredentialDataDecryptedObject;

beforeAll(async () => {
  simulation = await startTikTokShopSimulation();
  credential = simulation.credentials.tikTokShopApi;
});
afterAll(() => simulation.simulator.close());

async function testCredential(data: ICredentialDataDecryptedObject): Promise<INodeCredentialTestResult> {
  const nodeType = (await loadPackage()).getNode('tikTokShop').type as INodeType;
  const test = nodeType.methods?.credentialTest?.[nodeType.description.credentials?.[0].testedBy as string];
  if (!test) throw new Error('The TikTok Shop node names no credential test it has');
  return test.call(new CredentialTestContext(), { id: 'tiktok', name: 'TikTok Shop', type: 'tikTokShopApi', data });
}

/** A loopback address nothing listens on. */
async function closedAddress(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

describe('TikTok Shop API credential test', () => {
  it('is OK for the shop the access token may act for, with one signed Get Authorized Shops call', async () => {
    const mark = simulation.requestCount();
    expect(await testCredential(credential)).toEqual({ status: 'OK', message: expect.stringMatching(new RegExp(`^Authorised for .+ \\(${simulation.shop.shopId}\\)$`)) });
    expect(simulation.requestsSince(mark)).toEqual([expect.objectContaining({ path: '/authorization/202309/shops', accessToken: simulation.shop.accessToken, outcome: 0 })]);
  });

  it("fails with TikTok's refusal for a wrong app secret", async () => {
    const result = await testCredential({ ...credential, appSecret: 'wrong-secret' });
    expect(result).toEqual({ status: 'Error', message: expect.stringContaining('code 106001, HTTP 401') });
  });

  it('fails naming the shops the token may act for, for another shop', async () => {
    const result = await testCredential({ ...credential, shopId: '7495000000000000001' });
    expect(result).toEqual({ status: 'Error', message: `The access token is not authorised for shop 7495000000000000001; it may act for ${simulation.shop.shopId} (cipher ${simulation.shop.shopCipher})` });
  });

  it("fails for a shop cipher that is not the shop's", async () => {
    const result = await testCredential({ ...credential, shopCipher: 'ROW_not-the-cipher' });
    expect(result).toEqual({ status: 'Error', message: `Shop ${simulation.shop.shopId}'s cipher is ${simulation.shop.shopCipher}, not the one in the credential` });
  });

  it('fails saying the request failed for a base URL nothing answers', async () => {
    const baseUrl = await closedAddress();
    const result = await testCredential({ ...credential, baseUrl });
    expect(result).toEqual({ status: 'Error', message: expect.stringMatching(new RegExp(`^TikTok Shop request GET ${baseUrl}/authorization/202309/shops failed: fetch failed \\(.*ECONNREFUSED`)) });
  });

  describe('a seller whose token may act for two shops', () => {
    const secondShop = () => {
      const shop = simulation.simulator.addShop({ name: 'Second Creator Shop', sameSellerAs: simulation.shop.shopId });
      return { ...shop, withoutShopId: { ...credential, shopId: '' } };
    };

    it('without a Shop ID, finds the shop by the credential\'s cipher, also when it is not the first', async () => {
      const { shopId, shopCipher, withoutShopId } = secondShop();
      expect(await testCredential({ ...withoutShopId, shopCipher })).toEqual({ status: 'OK', message: `Authorised for Second Creator Shop (${shopId})` });
    });

    it('without a Shop ID, fails for a cipher no authorised shop has, naming the shops and ciphers', async () => {
      const { shopId, shopCipher, withoutShopId } = secondShop();
      const result = await testCredential({ ...withoutShopId, shopCipher: 'ROW_unknown' });
      expect(result.status).toBe('Error');
      expect(result.message).toMatch(/^No shop the access token may act for has the cipher in the credential; it may act for /);
      expect(result.message).toContain(`${simulation.shop.shopId} (cipher ${simulation.shop.shopCipher}), `);
      expect(result.message).toContain(`${shopId} (cipher ${shopCipher})`);
    });

    it('with neither Shop ID nor cipher, is OK for the first authorised shop', async () => {
      const { withoutShopId } = secondShop();
      const result = await testCredential({ ...withoutShopId, shopCipher: '' });
      expect(result.status).toBe('OK');
      expect(result.message).toMatch(new RegExp(`^Authorised for .+ \\(${simulation.shop.shopId}\\)$`));
    });

    it('with the second shop\'s Shop ID and cipher, is OK for it', async () => {
      const { shopId, shopCipher } = secondShop();
      expect(await testCredential({ ...credential, shopId, shopCipher })).toEqual({ status: 'OK', message: `Authorised for Second Creator Shop (${shopId})` });
    });
  });
});
