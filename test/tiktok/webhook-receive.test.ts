import { orderStatusChangeWebhook, receiveTikTokWebhook, signTikTokWebhook, TikTokInputError, TikTokWebhookError, TIKTOK_WEBHOOK_REFUSAL_STATUS, verifyTikTokWebhook } from '../../tiktok';

const appKey = 'receive-app';
const appSecret = 'receive-secret';
const body = JSON.stringify(orderStatusChangeWebhook({ shopId: '7001', notificationId: 'n-1', at: 1_700_000_000, orderId: '5001', status: 'AWAITING_SHIPMENT' }));
const signed = (rawBody: string | Buffer) => ({ rawBody, signature: signTikTokWebhook(rawBody, appKey, appSecret), appKey, appSecret });

function refusal(run: () => unknown): TikTokWebhookError {
  try {
    run();
  } catch (error) {
    if (error instanceof TikTokWebhookError) return error;
    throw error;
  }
  throw new Error('the delivery was accepted');
}

test('a signed delivery within the limits is parsed', () => {
  const event = receiveTikTokWebhook(signed(body), { maxBodyBytes: Buffer.byteLength(body), shopId: '7001' });
  expect(event).toMatchObject({ topic: 'ORDER_STATUS_CHANGE', shopId: '7001', orderId: '5001', orderStatus: 'AWAITING_SHIPMENT' });
});

test('a body over maxBodyBytes is refused as TOO_LARGE, counting bytes, before the signature is checked', () => {
  const multiByte = body.replace('"data":{', '"data":{"note":"ééé",');
  const error = refusal(() => receiveTikTokWebhook({ ...signed(multiByte), signature: 'not checked' }, { maxBodyBytes: multiByte.length }));
  expect(error.reason).toBe('TOO_LARGE');
  expect(error.message).toBe(`TikTok webhook body is ${multiByte.length + 3} bytes, more than the ${multiByte.length} accepted`);
  expect(receiveTikTokWebhook(signed(Buffer.from(multiByte)), { maxBodyBytes: multiByte.length + 3 }).shopId).toBe('7001');
});

test('a bad signature is INVALID_SIGNATURE on the Authorization field', () => {
  const error = refusal(() => receiveTikTokWebhook({ ...signed(body), appSecret: 'another secret' }));
  expect([error.reason, error.field]).toEqual(['INVALID_SIGNATURE', 'Authorization']);
});

test('a blank app key or secret is the receiver\'s fault (TikTokInputError), even for a body signed with that blank key', () => {
  for (const blank of [{ appKey: '' }, { appSecret: '' }, { appSecret: '   ' }]) {
    const credentials = { appKey, appSecret, ...blank };
    const delivery = { rawBody: body, signature: signTikTokWebhook(body, credentials.appKey, credentials.appSecret), ...credentials };
    expect(verifyTikTokWebhook(delivery)).toBe(false);
    expect(() => receiveTikTokWebhook(delivery)).toThrow(TikTokInputError);
  }
  expect(() => receiveTikTokWebhook({ ...signed(body), appSecret: ' ' })).toThrow('appSecret: the App Secret is empty, so no TikTok webhook can be verified; set it in the TikTok Shop API credential');
});

test('an authentic delivery for another shop is OTHER_SHOP on shop_id; without a shopId any shop passes', () => {
  const error = refusal(() => receiveTikTokWebhook(signed(body), { shopId: '7002' }));
  expect([error.reason, error.field, error.message]).toEqual(['OTHER_SHOP', 'shop_id', 'TikTok webhook is for shop 7001, not for shop 7002 this endpoint serves']);
  expect(receiveTikTokWebhook(signed(body)).shopId).toBe('7001');
});

test('maxBodyBytes must be a positive whole number', () => {
  for (const maxBodyBytes of [0, -1, 1.5, Number.NaN]) {
    expect(() => receiveTikTokWebhook(signed(body), { maxBodyBytes })).toThrow(RangeError);
  }
});

test('each refusal has its HTTP answer: 401 only for a signature, which TikTok does not retry', () => {
  expect(TIKTOK_WEBHOOK_REFUSAL_STATUS).toEqual({ TOO_LARGE: 413, INVALID_SIGNATURE: 401, NOT_JSON: 400, NOT_OBJECT: 400, INVALID_FIELD: 400, UNKNOWN_TYPE: 200, OTHER_SHOP: 200 });
});
