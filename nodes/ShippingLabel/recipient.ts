// Who a label is addressed to: the recipient stored with the CreatorFlow order (what TikTok's order
// said at its last upsert, so a retry needs nothing but the database), or the Recipient fields.
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import type { Database } from '../../domain/database';
import { getOrder } from '../../domain/orders';
import type { Order, OrderRecipient } from '../../domain/orders/order-record';
import { normaliseAddress } from '../../shipping/address-normalisation';
import type { Address } from '../../shipping/carrier';
import { parameterError, requiredText } from '../shared/parameter-values';

export const RECIPIENT_FROM_STORED_ORDER = 'storedOrder';
export const RECIPIENT_FROM_CUSTOM = 'custom';

/** The fields a label cannot do without, as the errors name them. */
const requiredRecipientFields: Array<[keyof OrderRecipient, string]> = [
  ['name', 'name'],
  ['streetLines', 'street'],
  ['city', 'city'],
  ['state', 'state'],
  ['postalCode', 'postal code'],
  ['country', 'country'],
];

const isMissing = (value: OrderRecipient[keyof OrderRecipient]) => value === null || (Array.isArray(value) && value.length === 0);

function storedRecipient(context: IExecuteFunctions, itemIndex: number, order: Order): Address {
  const { recipient } = order;
  if (recipient === null) {
    throw new NodeOperationError(context.getNode(), `Order "${order.orderId}" has no stored recipient`, {
      itemIndex,
      description:
        'It was stored before CreatorFlow kept recipients, or its TikTok order had no recipient address. Upsert it again from its TikTok order (CreatorFlow Order › Upsert From TikTok Order), or set "Recipient From" to Custom and map the address.',
    });
  }
  const missing = requiredRecipientFields.filter(([field]) => isMissing(recipient[field])).map(([, name]) => name);
  if (missing.length > 0) {
    throw new NodeOperationError(context.getNode(), `Order "${order.orderId}"'s stored recipient has no ${missing.join(', ')}`, {
      itemIndex,
      description: 'TikTok\'s address for the order lacks it. Upsert the order again once TikTok has it, or set "Recipient From" to Custom and map the address.',
    });
  }
  const [street1, ...moreLines] = recipient.streetLines;
  return normaliseAddress({
    name: recipient.name as string,
    street1,
    ...(moreLines.length > 0 ? { street2: moreLines.join(', ') } : {}),
    city: recipient.city as string,
    state: recipient.state as string,
    postalCode: recipient.postalCode as string,
    country: recipient.country as string,
    // TikTok masks most buyers' numbers ("(+1)213-***-1234"): that is no number a carrier can call.
    ...(recipient.phone && !recipient.phone.includes('*') ? { phone: recipient.phone } : {}),
  });
}

function customRecipient(context: IExecuteFunctions, itemIndex: number): Address {
  const read = (name: string, displayName: string) => requiredText(context, itemIndex, name, displayName);
  const street2 = context.getNodeParameter('recipientStreet2', itemIndex, '') as unknown;
  return normaliseAddress({
    name: read('recipientName', 'Recipient Name'),
    street1: read('recipientStreet1', 'Recipient Street'),
    ...(typeof street2 === 'string' ? { street2 } : {}),
    city: read('recipientCity', 'Recipient City'),
    state: read('recipientState', 'Recipient State'),
    postalCode: read('recipientPostalCode', 'Recipient Postal Code'),
    country: read('recipientCountry', 'Recipient Country'),
  });
}

/** The label's recipient, as "Recipient From" says; the stored order is read only when it is the source. */
export async function readRecipient(context: IExecuteFunctions, database: Database, itemIndex: number, order: { shopId: string; orderId: string }): Promise<Address> {
  const source: unknown = context.getNodeParameter('recipientFrom', itemIndex, RECIPIENT_FROM_STORED_ORDER);
  if (source === RECIPIENT_FROM_STORED_ORDER) return storedRecipient(context, itemIndex, await getOrder(database, order));
  if (source === RECIPIENT_FROM_CUSTOM) return customRecipient(context, itemIndex);
  throw parameterError(context, itemIndex, 'Recipient From', `must be "${RECIPIENT_FROM_STORED_ORDER}" or "${RECIPIENT_FROM_CUSTOM}" (got ${JSON.stringify(source)})`);
}
