// The Buy Label parameters read for one item and checked, each problem naming the parameter as the
// editor shows it: the shipment (sender, parcel, format; the recipient is recipient.ts's) and how
// to choose among the quotes.
import type { IExecuteFunctions } from 'n8n-workflow';
import { serviceLevels, type ServiceLevel } from '../../dsl/schema/order-facts';
import { normaliseAddress } from '../../shipping/address-normalisation';
import type { Address, LabelFormat, Parcel, Shipment } from '../../shipping/carrier';
import type { CarrierSelectionOptions, SelectionWeights } from '../../shipping/select-carrier';
import { parameterError } from '../shared/parameter-values';

const senderFields: Array<[keyof Address, string, boolean]> = [
  ['name', 'Name', true],
  ['company', 'Company', false],
  ['street1', 'Street', true],
  ['street2', 'Street 2', false],
  ['city', 'City', true],
  ['state', 'State', true],
  ['postalCode', 'Postal Code', true],
  ['country', 'Country', true],
  ['phone', 'Phone', false],
  ['email', 'Email', false],
];

function shipFrom(context: IExecuteFunctions, itemIndex: number): Address {
  const given = context.getNodeParameter('shipFrom.address', itemIndex, null) as Record<string, unknown> | null;
  if (given === null) throw parameterError(context, itemIndex, 'Ship From', 'is empty', "Add the sender's address: it is printed on the label as the return address.");
  const address: Record<string, string> = {};
  for (const [field, displayName, required] of senderFields) {
    const value = given[field];
    const textValue = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
    if (required && textValue === '') throw parameterError(context, itemIndex, `Ship From › ${displayName}`, 'is empty');
    address[field] = textValue;
  }
  return normaliseAddress(address as unknown as Address);
}

function positiveNumber(context: IExecuteFunctions, itemIndex: number, name: string, displayName: string): number {
  const value: unknown = context.getNodeParameter(name, itemIndex);
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number <= 0) {
    throw parameterError(context, itemIndex, displayName, `must be a number above 0 (got ${JSON.stringify(value) ?? 'nothing'})`);
  }
  return number;
}

function parcel(context: IExecuteFunctions, itemIndex: number): Parcel {
  return {
    weightGrams: positiveNumber(context, itemIndex, 'weightGrams', 'Weight (g)'),
    lengthCm: positiveNumber(context, itemIndex, 'lengthCm', 'Length (Cm)'),
    widthCm: positiveNumber(context, itemIndex, 'widthCm', 'Width (Cm)'),
    heightCm: positiveNumber(context, itemIndex, 'heightCm', 'Height (Cm)'),
  };
}

/** The shipment to `to` to rate-shop for the item (the library adds the order id). */
export function readShipment(context: IExecuteFunctions, itemIndex: number, to: Address): Omit<Shipment, 'orderId'> {
  return {
    from: shipFrom(context, itemIndex),
    to,
    parcels: [parcel(context, itemIndex)],
    labelFormat: context.getNodeParameter('labelFormat', itemIndex) as LabelFormat,
  };
}

/** An expression may give a string, a Date or a Luxon DateTime ($now); empty means none. */
function deadline(context: IExecuteFunctions, itemIndex: number): Date | null {
  const value: unknown = context.getNodeParameter('deadline', itemIndex, '');
  if (value === null || value === undefined || value === '') return null;
  const date =
    value instanceof Date ? value
    : typeof value === 'object' && typeof (value as { toJSDate?: unknown }).toJSDate === 'function' ? (value as { toJSDate(): Date }).toJSDate()
    : new Date(String(value));
  if (!Number.isFinite(date.getTime())) throw parameterError(context, itemIndex, 'Deliver By', `is not a date (got ${JSON.stringify(value)})`, 'Give an ISO 8601 date such as 2025-10-17T18:00:00Z, or leave it empty.');
  return date;
}

function serviceLevel(context: IExecuteFunctions, itemIndex: number): ServiceLevel | null {
  const value: unknown = context.getNodeParameter('serviceLevel', itemIndex, '');
  if (value === null || value === undefined || value === '') return null;
  if (!serviceLevels.includes(value as ServiceLevel)) {
    throw parameterError(context, itemIndex, 'Service Level', `must be one of ${serviceLevels.join(', ')} or empty (got ${JSON.stringify(value)})`);
  }
  return value as ServiceLevel;
}

const weightOptions: Array<[keyof SelectionWeights, string]> = [
  ['cost', 'costWeight'],
  ['speed', 'speedWeight'],
  ['reliability', 'reliabilityWeight'],
];

/** How the quotes are chosen among: the rules' decision, the deadline, the preference and the weights. */
export function readSelection(context: IExecuteFunctions, itemIndex: number): CarrierSelectionOptions {
  const options = context.getNodeParameter('options', itemIndex, {}) as Record<string, unknown>;
  const weights = Object.fromEntries(weightOptions.filter(([, option]) => options[option] !== undefined).map(([weight, option]) => [weight, options[option]]));
  const ruleCarrier = String(context.getNodeParameter('ruleCarrier', itemIndex, '') ?? '').trim();
  const preference = typeof options.carrierPreference === 'string' ? options.carrierPreference.trim() : '';
  return {
    ruleCarrier: ruleCarrier || null,
    serviceLevel: serviceLevel(context, itemIndex),
    deadline: deadline(context, itemIndex),
    carrierPreference: preference || null,
    weights,
  };
}

/** Per carrier answer and label download; the library's default unless set. */
export function readTimeoutMs(context: IExecuteFunctions, itemIndex: number): number | undefined {
  const { timeoutMs } = context.getNodeParameter('options', itemIndex, {}) as { timeoutMs?: number };
  return timeoutMs;
}
