import { createHash } from 'node:crypto';
import { parseJsonExact, parseTikTokWebhook, TikTokWebhookError } from '../../tiktok';

// The event examples of TikTok Shop's webhook reference, one per topic, as raw bodies.
const SHOP = '7494049642642441621';
const NOTIFICATION = '7327112393057371910';
const envelope = (type: number, data: string) =>
  `{"type":${type},"tts_notification_id":"${NOTIFICATION}","shop_id":"${SHOP}","timestamp":1644412885,"data":${data}}`;

const EXAMPLES: Record<string, string> = {
  ORDER_STATUS_CHANGE: envelope(1, '{"order_id":"576486316948490001","order_status":"UNPAID","is_on_hold_order":false,"update_time":1644412885}'),
  // The documented address-update example has no tts_notification_id.
  RECIPIENT_ADDRESS_UPDATE: `{"type":3,"shop_id":"${SHOP}","timestamp":1644412885,"data":{"order_id":"576486316948490001","update_time":1644412885}}`,
  PACKAGE_UPDATE: envelope(
    4,
    '{"sc_type":"COMBINE","role_type":"ROLE_USER","package_list":[{"package_id":"123456","order_id_list":["152523","532123"]}],"update_time":1644412885}',
  ),
  // The documented product-status example sends product_id as a bare number beyond 2^53.
  PRODUCT_STATUS_CHANGE: envelope(5, '{"product_id":576486316948490001,"status":"PRODUCT_FIRST_PASS_REVIEW","suspended_reason":"","update_time":1644412885}'),
  SELLER_DEAUTHORIZATION: envelope(6, '{"message":"Shop_id {xxx} is deauthorized from your APP by merchant."}'),
  UPCOMING_AUTHORIZATION_EXPIRATION: envelope(
    7,
    '{"message":"Authorization of shop_id {xxx} is expiring in {x} days. Please direct the merchant to re-authorize.","expiration_time":"1627587506"}',
  ),
  CANCELLATION_STATUS_CHANGE: envelope(
    11,
    '{"order_id":"576486316948490001","cancellations_role":"BUYER","cancel_status":"CANCELLATION_REQUEST_PENDING","cancel_id":"4035318504086604100","create_time":1627587600}',
  ),
  RETURN_STATUS_CHANGE: envelope(
    12,
    '{"order_id":"576486316948490001","return_role":"BUYER","return_type":"REFUND","return_status":"RETURN_OR_REFUND_REQUEST_PENDING","return_id":"576486316948490001","create_time":1627587600,"update_time":1644412885}',
  ),
  INVENTORY_STATUS_CHANGE: envelope(
    27,
    '{"product_id":"732357708734418520388","sku_id":"73235770873441823254","trigger_reason":{"alert_type":"PREDICTION","lead_days":21},"current_inventory_status":"LOW_STOCK","inventory_distribution":{"total_quantity":100,"available_quantity":50,"creator_reserved_quantity":20,"campaign_reserved_quantity":20,"committed_quantity":10},"update_time":1627587600}',
  ),
};

function refusal(body: string | Buffer): TikTokWebhookError {
  try {
    parseTikTokWebhook(body);
  } catch (error) {
    if (error instanceof TikTokWebhookError) return error;
    throw error;
  }
  throw new Error('the webhook was accepted');
}

describe('parseTikTokWebhook: every topic of the issue, as documented', () => {
  it.each([
    ['ORDER_STATUS_CHANGE', 1, '576486316948490001'],
    ['RECIPIENT_ADDRESS_UPDATE', 3, '576486316948490001'],
    ['PACKAGE_UPDATE', 4, undefined],
    ['PRODUCT_STATUS_CHANGE', 5, undefined],
    ['SELLER_DEAUTHORIZATION', 6, undefined],
    ['UPCOMING_AUTHORIZATION_EXPIRATION', 7, undefined],
    ['CANCELLATION_STATUS_CHANGE', 11, '576486316948490001'],
    ['RETURN_STATUS_CHANGE', 12, '576486316948490001'],
    ['INVENTORY_STATUS_CHANGE', 27, undefined],
  ])('%s (type %i)', (topic, type, orderId) => {
    const event = parseTikTokWebhook(Buffer.from(EXAMPLES[topic]));
    expect(event.topic).toBe(topic);
    expect(event.type).toBe(type);
    expect(event.shopId).toBe(SHOP);
    expect(event.timestamp).toBe(1644412885);
    expect(event.orderId).toBe(orderId);
  });

  it('gives ORDER_STATUS_CHANGE its order status and typed data', () => {
    const event = parseTikTokWebhook(EXAMPLES.ORDER_STATUS_CHANGE);
    expect(event.orderStatus).toBe('UNPAID');
    if (event.topic !== 'ORDER_STATUS_CHANGE') throw new Error(event.topic);
    expect(event.data).toEqual({ order_id: '576486316948490001', order_status: 'UNPAID', is_on_hold_order: false, update_time: 1644412885 });
  });

  it('normalises the webhook spelling CANCEL to CANCELLED and accepts CANCELLED too', () => {
    const cancel = parseTikTokWebhook(EXAMPLES.ORDER_STATUS_CHANGE.replace('"UNPAID"', '"CANCEL"'));
    const cancelled = parseTikTokWebhook(EXAMPLES.ORDER_STATUS_CHANGE.replace('"UNPAID"', '"CANCELLED"'));
    expect(cancel.orderStatus).toBe('CANCELLED');
    expect(cancelled.orderStatus).toBe('CANCELLED');
  });

  it('gives typed data to the package, inventory and cancellation topics', () => {
    const pkg = parseTikTokWebhook(EXAMPLES.PACKAGE_UPDATE);
    if (pkg.topic !== 'PACKAGE_UPDATE') throw new Error(pkg.topic);
    expect(pkg.data.package_list[0].order_id_list).toEqual(['152523', '532123']);

    const stock = parseTikTokWebhook(EXAMPLES.INVENTORY_STATUS_CHANGE);
    if (stock.topic !== 'INVENTORY_STATUS_CHANGE') throw new Error(stock.topic);
    expect(stock.data.current_inventory_status).toBe('LOW_STOCK');
    expect(stock.data.trigger_reason?.lead_days).toBe(21);

    const cancellation = parseTikTokWebhook(EXAMPLES.CANCELLATION_STATUS_CHANGE);
    if (cancellation.topic !== 'CANCELLATION_STATUS_CHANGE') throw new Error(cancellation.topic);
    expect(cancellation.data.cancel_status).toBe('CANCELLATION_REQUEST_PENDING');
    expect(cancellation.orderStatus).toBeUndefined();
  });

  it('keeps fields TikTok adds later', () => {
    const event = parseTikTokWebhook(EXAMPLES.RETURN_STATUS_CHANGE.replace('"order_id"', '"new_field":"x","order_id"'));
    expect((event.data as Record<string, unknown>).new_field).toBe('x');
  });
});

describe('notification ids', () => {
  it('uses tts_notification_id when present', () => {
    const event = parseTikTokWebhook(EXAMPLES.ORDER_STATUS_CHANGE);
    expect(event.notificationId).toBe(NOTIFICATION);
    expect(event.notificationIdSource).toBe('tts_notification_id');
  });

  it('falls back to the SHA-256 of the raw body, so identical deliveries share an id', () => {
    const raw = Buffer.from(EXAMPLES.RECIPIENT_ADDRESS_UPDATE);
    const event = parseTikTokWebhook(raw);
    expect(event.notificationIdSource).toBe('body_sha256');
    expect(event.notificationId).toBe(createHash('sha256').update(raw).digest('hex'));
    expect(parseTikTokWebhook(EXAMPLES.RECIPIENT_ADDRESS_UPDATE).notificationId).toBe(event.notificationId);
    expect(parseTikTokWebhook(EXAMPLES.RECIPIENT_ADDRESS_UPDATE.replace('1644412885,', '1644412886,')).notificationId).not.toBe(
      event.notificationId,
    );
  });
});

describe('big-integer ids', () => {
  it('keeps ids sent as bare numbers beyond 2^53 exact', () => {
    const event = parseTikTokWebhook(EXAMPLES.PRODUCT_STATUS_CHANGE);
    if (event.topic !== 'PRODUCT_STATUS_CHANGE') throw new Error(event.topic);
    expect(event.data.product_id).toBe('576486316948490001');
  });

  it('turns numeric shop_id, order_id and notification ids into the exact strings that were sent', () => {
    const body =
      '{"type":1,"tts_notification_id":7327112393057371910,"shop_id":7494049642642441621,"timestamp":1644412885,' +
      '"data":{"order_id":576486316948490001,"order_status":"AWAITING_SHIPMENT"}}';
    const event = parseTikTokWebhook(body);
    expect(event.shopId).toBe('7494049642642441621');
    expect(event.orderId).toBe('576486316948490001');
    expect(event.notificationId).toBe('7327112393057371910');
    // A small numeric id is an id too, not a number.
    expect(parseTikTokWebhook(body.replace('576486316948490001', '576486')).orderId).toBe('576486');
  });

  it('parseJsonExact: id fields and id lists become strings, other safe numbers stay numbers', () => {
    expect(parseJsonExact('{"id":12,"order_id_list":[1,576486316948490001],"order_ids":[7],"count":12,"price":1.5,"big":9007199254740993}')).toEqual({
      id: '12',
      order_id_list: ['1', '576486316948490001'],
      order_ids: ['7'],
      count: 12,
      price: 1.5,
      big: '9007199254740993',
    });
  });
});

describe('broken webhooks are refused with a TikTokWebhookError naming the field', () => {
  it('refuses a body that is not JSON', () => {
    const error = refusal('{"type":1,');
    expect(error.reason).toBe('NOT_JSON');
    expect(error.message).toMatch(/not JSON/);
  });

  it.each([
    ['an array', '[1,2]'],
    ['a number', '42'],
    ['null', 'null'],
    ['a string', '"hello"'],
  ])('refuses a JSON body that is %s', (kind, body) => {
    const error = refusal(body);
    expect(error.reason).toBe('NOT_OBJECT');
    expect(error.message).toContain(kind);
  });

  it('refuses a missing shop_id', () => {
    const error = refusal(EXAMPLES.ORDER_STATUS_CHANGE.replace(`"shop_id":"${SHOP}",`, ''));
    expect(error.reason).toBe('INVALID_FIELD');
    expect(error.field).toBe('shop_id');
    expect(error.message).toBe('TikTok webhook field shop_id is missing');
  });

  it.each([
    ['type', EXAMPLES.ORDER_STATUS_CHANGE.replace('"type":1', '"type":"1"')],
    ['type', EXAMPLES.ORDER_STATUS_CHANGE.replace('"type":1', '"type":1.5')],
    ['timestamp', EXAMPLES.ORDER_STATUS_CHANGE.replace('"timestamp":1644412885', '"timestamp":"yesterday"')],
    ['shop_id', EXAMPLES.ORDER_STATUS_CHANGE.replace(`"shop_id":"${SHOP}"`, '"shop_id":""')],
    ['data', EXAMPLES.ORDER_STATUS_CHANGE.replace(/"data":\{.*\}\}$/, '"data":[]}')],
    ['data.order_status', EXAMPLES.ORDER_STATUS_CHANGE.replace('"UNPAID"', '"LOST_IN_SPACE"')],
    ['data.order_id', EXAMPLES.ORDER_STATUS_CHANGE.replace('"order_id":"576486316948490001",', '')],
    ['data.is_on_hold_order', EXAMPLES.ORDER_STATUS_CHANGE.replace('"is_on_hold_order":false', '"is_on_hold_order":"no"')],
    ['data.order_id', EXAMPLES.RECIPIENT_ADDRESS_UPDATE.replace('"order_id":"576486316948490001",', '')],
    ['data.package_list.0.order_id_list', EXAMPLES.PACKAGE_UPDATE.replace('["152523","532123"]', '"152523"')],
    ['data.product_id', EXAMPLES.PRODUCT_STATUS_CHANGE.replace('"product_id":576486316948490001,', '')],
    ['data.message', EXAMPLES.SELLER_DEAUTHORIZATION.replace('"Shop_id {xxx} is deauthorized from your APP by merchant."', '42')],
    ['data.product_id', EXAMPLES.INVENTORY_STATUS_CHANGE.replace('"product_id":"732357708734418520388",', '')],
    ['data.cancel_status', EXAMPLES.CANCELLATION_STATUS_CHANGE.replace('"cancel_status":"CANCELLATION_REQUEST_PENDING",', '')],
    ['data.return_role', EXAMPLES.RETURN_STATUS_CHANGE.replace('"return_role":"BUYER"', '"return_role":"ALIEN"')],
    ['data.expiration_time', EXAMPLES.UPCOMING_AUTHORIZATION_EXPIRATION.replace('"1627587506"', '"soon"')],
  ])('refuses a wrong %s', (field, body) => {
    const error = refusal(body);
    expect(error.reason).toBe('INVALID_FIELD');
    expect(error.field).toBe(field);
    expect(error.message).toContain(`field ${field} `);
  });

  it('refuses an unknown type, naming it and the known ones', () => {
    const error = refusal(EXAMPLES.ORDER_STATUS_CHANGE.replace('"type":1', '"type":99'));
    expect(error.reason).toBe('UNKNOWN_TYPE');
    expect(error.field).toBe('type');
    expect(error.message).toMatch(/type 99 is not handled.*1 ORDER_STATUS_CHANGE.*27 INVENTORY_STATUS_CHANGE/);
  });

  it('is an Error subclass with its own name', () => {
    const error = refusal('nope');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('TikTokWebhookError');
  });
});
