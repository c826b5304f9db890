import { createHmac } from 'node:crypto';
import { signTikTokRequest, signTikTokWebhook, verifyTikTokWebhook } from '../../tiktok';

// Expected values are computed here from the documented algorithm, not with the module under test.
function hmacHex(secret: string, ...parts: Array<string | Buffer>): string {
  const hmac = createHmac('sha256', secret);
  for (const part of parts) hmac.update(part);
  return hmac.digest('hex');
}

describe('signTikTokRequest (202309 sign)', () => {
  it('matches the worked example of TikTok Shop\'s "Sign your API request" page', () => {
    const sign = signTikTokRequest({
      path: '/authorization/202309/shops',
      query: { timestamp: '1623812664', app_key: '29a39d' },
      appSecret: 'e59af819cc',
    });
    expect(sign).toBe('b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8');
  });

  it('signs the body as sent after the sorted query, as in the documented Update Shop Webhook string', () => {
    const body = '{"address":"https://partner.tiktokshop.com","event_type":"PACKAGE_UPDATE"}';
    const documented =
      '/event/202309/webhooksapp_key68xu9ks5p4i8shop_cipherROW_xkMbgAAAeVAQra0eZWebFQq5aIKtimestamp1696909648' + body;
    const sign = signTikTokRequest({
      path: '/event/202309/webhooks',
      query: { timestamp: 1696909648, shop_cipher: 'ROW_xkMbgAAAeVAQra0eZWebFQq5aIK', app_key: '68xu9ks5p4i8' },
      body,
      appSecret: 'e59af819cc',
    });
    expect(sign).toBe(hmacHex('e59af819cc', 'e59af819cc' + documented + 'e59af819cc'));
  });

  it('leaves sign and access_token out, whatever their values', () => {
    const base = { path: '/order/202309/orders', appSecret: 's3cret' };
    const plain = signTikTokRequest({ ...base, query: { app_key: 'k', ids: '1,2', timestamp: '100' } });
    const withExtras = signTikTokRequest({
      ...base,
      query: { sign: 'old', access_token: 'TTP_x', app_key: 'k', ids: '1,2', timestamp: '100' },
    });
    expect(withExtras).toBe(plain);
    expect(plain).toBe(hmacHex('s3cret', 's3cret/order/202309/ordersapp_keykids1,2timestamp100s3cret'));
  });

  it('does not depend on the order the query was written in, and skips undefined values', () => {
    const a = signTikTokRequest({ path: '/p', query: { b: '2', a: '1', c: undefined }, appSecret: 'x' });
    const b = signTikTokRequest({ path: '/p', query: { a: '1', b: '2' }, appSecret: 'x' });
    expect(a).toBe(b);
  });

  it('treats a Buffer body like the same string, and any body change changes the sign', () => {
    const request = { path: '/p', query: { app_key: 'k' }, appSecret: 'x' };
    const text = signTikTokRequest({ ...request, body: '{"a":1}' });
    expect(signTikTokRequest({ ...request, body: Buffer.from('{"a":1}') })).toBe(text);
    expect(signTikTokRequest({ ...request, body: '{"a": 1}' })).not.toBe(text);
    expect(signTikTokRequest(request)).not.toBe(text);
  });
});

describe('verifyTikTokWebhook', () => {
  const appKey = '6a6xyz';
  const appSecret = '4ebc0ffee';
  const rawBody = Buffer.from(
    '{"type":1,"tts_notification_id":"7327112393057371910","shop_id":"7494049642642441621","timestamp":1644412885,' +
      '"data":{"order_id":"576486316948490001","order_status":"UNPAID","is_on_hold_order":false,"update_time":1644412885}}',
  );
  const signature = hmacHex(appSecret, appKey, rawBody);

  it('accepts HMAC-SHA256(app secret, app key + raw body) in lowercase hex', () => {
    expect(verifyTikTokWebhook({ rawBody, signature, appKey, appSecret })).toBe(true);
    expect(verifyTikTokWebhook({ rawBody: rawBody.toString('utf8'), signature, appKey, appSecret })).toBe(true);
  });

  it('produces the same signature TikTok would send', () => {
    expect(signTikTokWebhook(rawBody, appKey, appSecret)).toBe(signature);
  });

  it('accepts the same digest in upper case', () => {
    expect(verifyTikTokWebhook({ rawBody, signature: signature.toUpperCase(), appKey, appSecret })).toBe(true);
  });

  it('rejects a signature made with the wrong secret or for another app key', () => {
    expect(verifyTikTokWebhook({ rawBody, signature, appKey, appSecret: 'another-secret' })).toBe(false);
    expect(verifyTikTokWebhook({ rawBody, signature, appKey: 'another-app', appSecret })).toBe(false);
  });

  it('rejects a body with one changed byte', () => {
    const changed = Buffer.from(rawBody);
    changed[changed.length - 3] ^= 0x01;
    expect(verifyTikTokWebhook({ rawBody: changed, signature, appKey, appSecret })).toBe(false);
  });

  it('rejects a changed signature digit', () => {
    const flipped = (signature[0] === '0' ? '1' : '0') + signature.slice(1);
    expect(verifyTikTokWebhook({ rawBody, signature: flipped, appKey, appSecret })).toBe(false);
  });

  it.each([
    ['missing (undefined)', undefined],
    ['missing (null)', null],
    ['empty', ''],
    ['non-hex of the right length', 'g'.repeat(64)],
    ['one character short', signature.slice(0, 63)],
    ['one character long', signature + '0'],
    ['the hex of a longer digest', signature + signature],
    ['prefixed with Bearer', `Bearer ${signature}`],
    ['base64 instead of hex', Buffer.from(signature, 'hex').toString('base64')],
  ])('returns false, without throwing, for a signature that is %s', (_case, bad) => {
    expect(verifyTikTokWebhook({ rawBody, signature: bad, appKey, appSecret })).toBe(false);
  });
});
