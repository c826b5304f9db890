import { matchesTikTokWebhookFilter, parseTikTokWebhookFilter, parseTikTokWebhook, TikTokInputError, type TikTokWebhookBody } from '../../tiktok';
import { orderStatusChangeWebhook, recipientAddressUpdateWebhook } from '../../tiktok';

const header = { shopId: '7001', notificationId: 'n-1', at: 1_700_000_000 };
const event = (body: TikTokWebhookBody) => parseTikTokWebhook(JSON.stringify(body));
const statusChange = (status: 'AWAITING_SHIPMENT' | 'CANCELLED' | 'DELIVERED') => event(orderStatusChangeWebhook({ ...header, orderId: '5001', status }));
const addressUpdate = event(recipientAddressUpdateWebhook({ ...header, orderId: '5001' }));

test('only the chosen topics pass', () => {
  const filter = parseTikTokWebhookFilter({ topics: ['ORDER_STATUS_CHANGE'] });
  expect(matchesTikTokWebhookFilter(statusChange('DELIVERED'), filter)).toBe(true);
  expect(matchesTikTokWebhookFilter(addressUpdate, filter)).toBe(false);
  expect(matchesTikTokWebhookFilter(addressUpdate, parseTikTokWebhookFilter({ topics: ['ORDER_STATUS_CHANGE', 'RECIPIENT_ADDRESS_UPDATE'] }))).toBe(true);
});

test('order statuses narrow order status changes only; CANCEL as webhooks spell it matches CANCELLED', () => {
  const filter = parseTikTokWebhookFilter({ topics: ['ORDER_STATUS_CHANGE', 'RECIPIENT_ADDRESS_UPDATE'], orderStatuses: ['AWAITING_SHIPMENT', 'CANCELLED'] });
  expect(matchesTikTokWebhookFilter(statusChange('AWAITING_SHIPMENT'), filter)).toBe(true);
  expect(matchesTikTokWebhookFilter(statusChange('CANCELLED'), filter)).toBe(true);
  expect(matchesTikTokWebhookFilter(statusChange('DELIVERED'), filter)).toBe(false);
  expect(matchesTikTokWebhookFilter(addressUpdate, filter)).toBe(true);
  expect(matchesTikTokWebhookFilter(statusChange('DELIVERED'), parseTikTokWebhookFilter({ topics: ['ORDER_STATUS_CHANGE'], orderStatuses: [] }))).toBe(true);
});

test('a filter without topics, or with an unknown topic or status, is a TikTokInputError naming it', () => {
  expect(() => parseTikTokWebhookFilter({ topics: [] })).toThrow(new TikTokInputError('filter.topics: must name at least one topic'));
  expect(() => parseTikTokWebhookFilter({ topics: ['ORDER_CHANGED'] })).toThrow(/^filter\.topics\.0: Invalid enum value/);
  expect(() => parseTikTokWebhookFilter({ topics: ['ORDER_STATUS_CHANGE'], orderStatuses: ['CANCEL'] })).toThrow(/^filter\.orderStatuses\.0: Invalid enum value/);
});
