import type { INodeProperties } from 'n8n-workflow';
import { orderIdParameter, shopIdParameter } from '../shared/parameters';
import { CARRIER_OPTIONS } from './carriers';
import { RECIPIENT_FROM_CUSTOM, RECIPIENT_FROM_STORED_ORDER } from './recipient';

const show = (operations: string[], extra: Record<string, Array<string | boolean>> = {}) => ({ show: { operation: operations, ...extra } });
const buyOnly = show(['buyLabel']);

/** A Custom recipient field, read from a TikTok Shop order item's `recipient_address` unless mapped otherwise. */
function recipientField(displayName: string, name: string, expression: string, required = true): INodeProperties {
  return { displayName, name, type: 'string', default: `={{ ${expression} }}`, required, displayOptions: show(['buyLabel'], { recipientFrom: [RECIPIENT_FROM_CUSTOM] }) };
}

/** A district level of the TikTok order's address ("State", "City"), by its level name. */
const district = (level: string) => `$json.recipient_address?.district_info?.find(d => d.address_level_name === "${level}")?.address_name`;

function parcelSize(displayName: string, name: string, fallback: number, description: string): INodeProperties {
  return { displayName, name, type: 'number', default: fallback, required: true, typeOptions: { minValue: 0 }, description, displayOptions: buyOnly };
}

function selectionWeight(displayName: string, name: string, fallback: number, description: string): INodeProperties {
  return { displayName, name, type: 'number', typeOptions: { minValue: 0, numberPrecision: 2 }, default: fallback, description, displayOptions: { show: { '/operation': ['buyLabel'] } } };
}

const binaryPropertyName: INodeProperties = {
  displayName: 'Put Label File in Field',
  name: 'binaryPropertyName',
  type: 'string',
  default: 'label',
  required: true,
  hint: 'The name of the output binary field to put the label file in',
  displayOptions: buyOnly,
};

export const shippingLabelProperties: INodeProperties[] = [
  {
    displayName: 'Operation',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    options: [
      { name: 'Buy Label', value: 'buyLabel', description: "Rate-shop the carriers and buy the order's label once, honouring the rules' carrier decision", action: 'Buy a shipping label' },
      { name: 'Get Label', value: 'getLabel', description: "Read the order's current label, optionally with its file and every earlier attempt", action: 'Get a shipping label' },
      { name: 'Void Label', value: 'voidLabel', description: "Void the order's label at its carrier (the order was cancelled)", action: 'Void a shipping label' },
    ],
    default: 'buyLabel',
  },
  shopIdParameter,
  orderIdParameter(['buyLabel', 'getLabel', 'voidLabel']),
  {
    displayName: 'Carriers',
    name: 'carriers',
    type: 'multiOptions',
    options: CARRIER_OPTIONS,
    default: [],
    required: true,
    description: 'The carriers to rate-shop (Buy) or that may hold the label (Void); each needs its credential',
    displayOptions: show(['buyLabel', 'voidLabel']),
  },
  {
    displayName: 'Ship From',
    name: 'shipFrom',
    type: 'fixedCollection',
    placeholder: 'Add Sender Address',
    default: {},
    required: true,
    description: 'The sender, printed on the label as the return address',
    displayOptions: buyOnly,
    options: [
      {
        displayName: 'Address',
        name: 'address',
        values: [
          { displayName: 'Name', name: 'name', type: 'string', default: '', required: true },
          { displayName: 'Company', name: 'company', type: 'string', default: '' },
          { displayName: 'Street', name: 'street1', type: 'string', default: '', required: true },
          { displayName: 'Street 2', name: 'street2', type: 'string', default: '' },
          { displayName: 'City', name: 'city', type: 'string', default: '', required: true },
          { displayName: 'State', name: 'state', type: 'string', default: '', required: true, description: 'Two-letter code or full name, e.g. CA or California' },
          { displayName: 'Postal Code', name: 'postalCode', type: 'string', default: '', required: true },
          { displayName: 'Country', name: 'country', type: 'string', default: 'US', required: true, description: 'ISO 3166-1 alpha-2 code' },
          { displayName: 'Phone', name: 'phone', type: 'string', default: '' },
          { displayName: 'Email', name: 'email', type: 'string', default: '', placeholder: 'name@email.com' },
        ],
      },
    ],
  },
  {
    displayName: 'Recipient From',
    name: 'recipientFrom',
    type: 'options',
    options: [
      { name: 'Custom', value: RECIPIENT_FROM_CUSTOM, description: "The Recipient fields, by default a TikTok Shop order item's recipient_address" },
      {
        name: 'Stored Order',
        value: RECIPIENT_FROM_STORED_ORDER,
        description: "The recipient CreatorFlow stored with the order from TikTok's order (Shop ID and Order ID), whatever the item carries",
      },
    ],
    default: RECIPIENT_FROM_STORED_ORDER,
    description: 'Where the address the label is sent to comes from',
    displayOptions: buyOnly,
  },
  recipientField('Recipient Name', 'recipientName', '$json.recipient_address?.name'),
  recipientField('Recipient Street', 'recipientStreet1', '$json.recipient_address?.address_line1'),
  recipientField('Recipient Street 2', 'recipientStreet2', '$json.recipient_address?.address_line2', false),
  recipientField('Recipient City', 'recipientCity', district('City')),
  recipientField('Recipient State', 'recipientState', district('State')),
  recipientField('Recipient Postal Code', 'recipientPostalCode', '$json.recipient_address?.postal_code'),
  recipientField('Recipient Country', 'recipientCountry', '$json.recipient_address?.region_code'),
  parcelSize('Weight (g)', 'weightGrams', 500, "The packed parcel's weight in grams; map it from the item, e.g. {{ $json.items.length * 250 }}"),
  parcelSize('Length (Cm)', 'lengthCm', 20, 'The longest side of the box in centimetres'),
  parcelSize('Width (Cm)', 'widthCm', 15, 'The box width in centimetres'),
  parcelSize('Height (Cm)', 'heightCm', 10, 'The box height in centimetres'),
  {
    displayName: 'Carrier From Rules',
    name: 'ruleCarrier',
    type: 'string',
    default: '={{ $json.decision?.carrier ?? $json.carrier }}',
    description:
      'The rules\' carrier (usps, ups, fedex, dhl; "auto" or empty leaves it to the score): by default the Business Rules decision\'s, else the one the rules stored on the CreatorFlow order. Quotes of other carriers are used only when it has none.',
    displayOptions: buyOnly,
  },
  {
    // Text, not a list: its default reads the rules' decision, which a list's default cannot.
    displayName: 'Service Level',
    name: 'serviceLevel',
    type: 'string',
    default: '={{ $json.decision?.service_level ?? $json.serviceLevel }}',
    placeholder: 'expedited',
    description:
      "The slowest acceptable service: standard, expedited (2 business days) or overnight; empty for any. By default the Business Rules decision's, else the one the rules stored on the CreatorFlow order.",
    displayOptions: buyOnly,
  },
  {
    displayName: 'Deliver By',
    name: 'deadline',
    type: 'dateTime',
    default: '',
    description:
      "The date the parcel must arrive by, if the order promises one; empty for none. Not a CreatorFlow order's deadline: that is TikTok's ready-to-ship time, by which the parcel must be handed over.",
    displayOptions: buyOnly,
  },
  {
    displayName: 'Label Format',
    name: 'labelFormat',
    type: 'options',
    options: [
      { name: 'PDF (4x6 Inches)', value: 'PDF' },
      { name: 'ZPL (Thermal Printer)', value: 'ZPL' },
    ],
    default: 'PDF',
    displayOptions: buyOnly,
  },
  binaryPropertyName,
  {
    displayName: 'Include History',
    name: 'includeHistory',
    type: 'boolean',
    default: false,
    description: 'Whether to add every label attempt of the order: refused and abandoned ones and voided labels too',
    displayOptions: show(['getLabel']),
  },
  {
    displayName: 'Download Label File',
    name: 'downloadLabel',
    type: 'boolean',
    default: false,
    description: "Whether to put the current label's file in the item's binary data, e.g. to print it again",
    displayOptions: show(['getLabel']),
  },
  { ...binaryPropertyName, displayOptions: show(['getLabel'], { downloadLabel: [true] }) },
  {
    displayName: 'Options',
    name: 'options',
    type: 'collection',
    placeholder: 'Add option',
    default: {},
    options: [
      {
        displayName: 'Carrier Preference',
        name: 'carrierPreference',
        type: 'string',
        default: '',
        description: "The order's or buyer's preferred carrier, honoured when it meets the rules' carrier, service level and deadline",
        displayOptions: { show: { '/operation': ['buyLabel'] } },
      },
      {
        displayName: 'Carrier Timeout (Ms)',
        name: 'timeoutMs',
        type: 'number',
        typeOptions: { minValue: 1 },
        default: 15000,
        description: 'How long to wait for each answer from a carrier, and for a label file download',
      },
      selectionWeight('Cost Weight', 'costWeight', 0.5, 'How much price counts in choosing among the quotes that meet the constraints'),
      selectionWeight('Reliability Weight', 'reliabilityWeight', 0.2, "How much the carrier's on-time record counts"),
      selectionWeight('Speed Weight', 'speedWeight', 0.3, 'How much transit time (or making the deadline) counts'),
    ],
  },
];
