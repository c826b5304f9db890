// A local Shippo for tests: the endpoints the adapter uses, speaking Shippo's shapes (API version
// 2018-02-08) with Shippo's checks and Django REST framework error bodies, holding shipments,
// rates, transactions (label purchases), refunds and tracking history; and an empty address book.
import { CarrierFake, FAKE_SERVICES, hexId, priceFor, trackingNumberFor, type FakeAnswer, type FakeRequest, type FakeRoute, type FakeService } from './fake-server';

export interface ShippoFakeOptions {
  /** The API token the fake accepts (`Authorization: ShippoToken <token>`). */
  apiKey?: string;
}

type TransactionStatus = 'QUEUED' | 'SUCCESS' | 'ERROR' | 'REFUNDPENDING' | 'REFUNDED';

interface FakeRate {
  id: string;
  shipmentId: string;
  service: FakeService;
  amount: string;
  fromAddress: Record<string, unknown>;
}

interface FakeTransaction {
  id: string;
  rate: FakeRate;
  status: TransactionStatus;
  trackingNumber: string;
  labelUrl: string;
  labelFileType: string;
  metadata: string;
  messages: Array<{ source: string; code: string; text: string }>;
  createdAt: string;
}

interface FakeTrackingEvent {
  status: 'UNKNOWN' | 'PRE_TRANSIT' | 'TRANSIT' | 'DELIVERED' | 'RETURNED' | 'FAILURE';
  substatus?: string;
  details: string;
  date: string;
  location: { city: string; state: string; zip: string; country: string } | null;
}

const LABEL_FILE_TYPES = ['PNG', 'PNG_2.3x7.5', 'PDF', 'PDF_2.3x7.5', 'PDF_4x6', 'PDF_4x8', 'PDF_A4', 'PDF_A5', 'PDF_A6', 'ZPLII'];
const MASS_UNITS: Record<string, number> = { g: 1, kg: 1000, oz: 28.349523125, lb: 453.59237 };
const DISTANCE_UNITS = ['cm', 'in', 'ft', 'm', 'mm', 'yd'];
const TRACKING_CARRIERS = ['usps', 'ups', 'fedex', 'dhl_express', 'shippo'];
const PAGE_SIZE = 5;
const REQUIRED = ['This field is required.'];

function badRequest(json: unknown): FakeAnswer {
  return { status: 400, json };
}

function notFound(): FakeAnswer {
  return { status: 404, json: { detail: 'Not found.' } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A positive decimal string (Shippo's sizes), or undefined. */
function positiveDecimal(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  return number > 0 ? number : undefined;
}

/** Each parcel's problems in DRF's shape (one object per parcel), or its weight in grams. */
function readParcel(parcel: unknown): { grams: number } | { problems: Record<string, string[]> } {
  if (!isRecord(parcel)) return { problems: { non_field_errors: ['Invalid data. Expected a dictionary.'] } };
  const problems: Record<string, string[]> = {};
  for (const size of ['length', 'width', 'height', 'weight']) {
    if (parcel[size] === undefined) problems[size] = REQUIRED;
    else if (positiveDecimal(parcel[size]) === undefined) problems[size] = ['Ensure this value is greater than 0.'];
  }
  const massUnit = String(parcel.mass_unit);
  if (!(massUnit in MASS_UNITS)) problems.mass_unit = [`"${massUnit}" is not a valid choice.`];
  if (!DISTANCE_UNITS.includes(String(parcel.distance_unit))) problems.distance_unit = [`"${String(parcel.distance_unit)}" is not a valid choice.`];
  if (Object.keys(problems).length > 0) return { problems };
  return { grams: (positiveDecimal(parcel.weight) ?? 0) * MASS_UNITS[massUnit] };
}

function labelKindOf(labelFileType: string): 'PDF' | 'ZPL' | 'PNG' {
  return labelFileType === 'ZPLII' ? 'ZPL' : labelFileType.startsWith('PNG') ? 'PNG' : 'PDF';
}

export class ShippoFake extends CarrierFake {
  private readonly rates = new Map<string, FakeRate>();
  private readonly transactions = new Map<string, FakeTransaction>();
  private readonly tracking = new Map<string, FakeTrackingEvent[]>();
  protected readonly errorAnswers = { notFound: notFound(), malformedBody: badRequest({ detail: 'JSON parse error - Expecting value: line 1 column 1 (char 0)' }) };

  constructor(options: ShippoFakeOptions = {}) {
    super(options.apiKey ?? 'shippo_test_0123456789abcdef');
  }

  /** Labels bought (transactions that succeeded), whatever happened to them afterwards. */
  get purchaseCount(): number {
    return [...this.transactions.values()].filter((transaction) => transaction.status !== 'ERROR' && transaction.status !== 'QUEUED').length;
  }

  /** The status Shippo would show for the transaction now. */
  transactionStatus(transactionId: string): TransactionStatus | undefined {
    return this.transactions.get(transactionId)?.status;
  }

  /** A tracking event for a label bought here, as the carrier would scan it now. */
  addTrackingEvent(trackingNumber: string, event: Omit<FakeTrackingEvent, 'date'> & { date?: string }): void {
    const events = this.tracking.get(trackingNumber);
    if (!events) throw new Error(`the Shippo fake sold no label with tracking number ${trackingNumber}`);
    events.push({ ...event, date: event.date ?? new Date().toISOString() });
  }

  /** The refusals are Django REST framework's token-auth bodies, the framework behind Shippo's other error bodies. */
  protected authorize(request: FakeRequest): FakeAnswer | undefined {
    const header = request.headers.authorization;
    if (header === undefined) return { status: 401, json: { detail: 'Authentication credentials were not provided.' } };
    return header === `ShippoToken ${this.apiKey}` ? undefined : { status: 401, json: { detail: 'Invalid token.' } };
  }

  protected routes(): FakeRoute[] {
    return [
      { method: 'POST', path: /^\/shipments$/, handle: (request) => this.createShipment(request) },
      { method: 'POST', path: /^\/transactions$/, handle: (request) => this.createTransaction(request) },
      { method: 'GET', path: /^\/transactions$/, handle: (request) => this.listTransactions(request) },
      { method: 'GET', path: /^\/transactions\/(?<id>[^/]+)$/, handle: ({ params }) => this.getTransaction(params.id) },
      { method: 'POST', path: /^\/refunds$/, handle: (request) => this.createRefund(request) },
      { method: 'GET', path: /^\/tracks\/(?<carrier>[^/]+)\/(?<number>[^/]+)$/, handle: ({ params }) => this.getTrack(params.carrier, params.number) },
      // The address book, which the n8n credential test lists as its cheap authenticated call; it stays empty here.
      { method: 'GET', path: /^\/addresses$/, handle: () => ({ status: 200, json: { next: null, previous: null, results: [] } }) },
    ];
  }

  private createShipment({ body }: FakeRequest): FakeAnswer {
    if (!isRecord(body)) return badRequest({ address_from: REQUIRED, address_to: REQUIRED, parcels: REQUIRED });
    const problems: Record<string, unknown> = {};
    for (const field of ['address_from', 'address_to', 'parcels']) if (body[field] === undefined) problems[field] = REQUIRED;
    const parcels = Array.isArray(body.parcels) ? body.parcels.map(readParcel) : [];
    if (body.parcels !== undefined && parcels.length === 0) problems.parcels = ['This list may not be empty.'];
    if (parcels.some((parcel) => 'problems' in parcel)) problems.parcels = parcels.map((parcel) => ('problems' in parcel ? parcel.problems : {}));
    if (Object.keys(problems).length > 0) return badRequest(problems);

    const shipmentId = hexId();
    const grams = parcels.reduce((sum, parcel) => sum + ('grams' in parcel ? parcel.grams : 0), 0);
    const rates = FAKE_SERVICES.map((service) => {
      const rate: FakeRate = { id: hexId(), shipmentId, service, amount: priceFor(service, grams), fromAddress: body.address_from as Record<string, unknown> };
      this.rates.set(rate.id, rate);
      return this.rateView(rate);
    });
    const now = new Date().toISOString();
    // Without `async: false` Shippo answers at once and rates arrive later: the answer has none yet.
    const ready = body.async === false;
    return {
      status: 201,
      json: {
        object_id: shipmentId,
        object_created: now,
        object_updated: now,
        object_owner: 'creator@example.com',
        status: ready ? 'SUCCESS' : 'QUEUED',
        address_from: body.address_from,
        address_to: body.address_to,
        parcels: body.parcels,
        extra: body.extra ?? {},
        rates: ready ? rates : [],
        messages: [],
        metadata: body.metadata ?? '',
        test: true,
      },
    };
  }

  private rateView(rate: FakeRate): Record<string, unknown> {
    const { service } = rate;
    return {
      object_id: rate.id,
      object_created: new Date().toISOString(),
      object_owner: 'creator@example.com',
      shipment: rate.shipmentId,
      attributes: [],
      amount: rate.amount,
      currency: 'USD',
      amount_local: rate.amount,
      currency_local: 'USD',
      provider: service.provider,
      servicelevel: { name: service.shippoToken.replace(/_/g, ' '), token: service.shippoToken, terms: '' },
      ...(service.days === null ? {} : { estimated_days: service.days }),
      duration_terms: '',
      carrier_account: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
      messages: [],
      test: true,
    };
  }

  private createTransaction({ body }: FakeRequest): FakeAnswer {
    if (!isRecord(body) || body.rate === undefined) return badRequest({ rate: REQUIRED });
    const rate = this.rates.get(String(body.rate));
    if (!rate) return badRequest({ rate: [`Rate with supplied object_id ${String(body.rate)} not found.`] });
    const labelFileType = String(body.label_file_type ?? 'PDF_4x6');
    if (!LABEL_FILE_TYPES.includes(labelFileType)) return badRequest({ label_file_type: [`"${labelFileType}" is not a valid choice.`] });
    const metadata = String(body.metadata ?? '');
    if (metadata.length > 100) return badRequest({ metadata: ['Ensure this field has no more than 100 characters.'] });

    const failure = this.takePurchaseFailure();
    const transaction: FakeTransaction = { id: hexId(), rate, status: 'ERROR', trackingNumber: '', labelUrl: '', labelFileType, metadata, messages: [], createdAt: new Date().toISOString() };
    if (failure !== undefined) {
      transaction.messages.push({ source: rate.service.provider, code: '', text: failure });
    } else {
      transaction.status = 'SUCCESS';
      transaction.trackingNumber = trackingNumberFor(rate.service.provider);
      transaction.labelUrl = this.files.put(this.baseUrl, labelKindOf(labelFileType), [`${rate.service.provider} ${rate.service.shippoToken}`, `Tracking: ${transaction.trackingNumber}`, `Shippo transaction ${transaction.id}`]);
      const from = rate.fromAddress;
      this.tracking.set(transaction.trackingNumber, [
        {
          status: 'PRE_TRANSIT',
          details: 'The shipping label has been created and the carrier is awaiting the item.',
          date: transaction.createdAt,
          location: { city: String(from.city ?? ''), state: String(from.state ?? ''), zip: String(from.zip ?? ''), country: String(from.country ?? '') },
        },
      ]);
    }
    this.transactions.set(transaction.id, transaction);
    const view = this.transactionView(transaction);
    // Without `async: false` the purchase is only queued when Shippo answers.
    return { status: 201, json: body.async === false ? view : { ...view, status: 'QUEUED', tracking_number: '', label_url: '' } };
  }

  private transactionView(transaction: FakeTransaction): Record<string, unknown> {
    return {
      object_state: 'VALID',
      status: transaction.status,
      object_created: transaction.createdAt,
      object_updated: transaction.createdAt,
      object_id: transaction.id,
      object_owner: 'creator@example.com',
      test: true,
      rate: transaction.rate.id,
      tracking_number: transaction.trackingNumber,
      tracking_status: null,
      tracking_url_provider: '',
      eta: null,
      label_file_type: transaction.labelFileType,
      label_url: transaction.labelUrl,
      commercial_invoice_url: null,
      messages: transaction.messages,
      metadata: transaction.metadata,
      parcel: hexId(),
    };
  }

  private listTransactions({ query }: FakeRequest): FakeAnswer {
    const rateId = query.get('rate');
    const status = query.get('object_status');
    const matching = [...this.transactions.values()]
      .filter((transaction) => (rateId === null || transaction.rate.id === rateId) && (status === null || transaction.status === status))
      .reverse();
    const page = Number(query.get('page') ?? '1');
    const results = matching.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((transaction) => this.transactionView(transaction));
    const pageUrl = (n: number): string => {
      const url = new URL(`${this.baseUrl}/transactions/`);
      for (const [key, value] of query) url.searchParams.set(key, value);
      url.searchParams.set('page', String(n));
      return url.toString();
    };
    return {
      status: 200,
      json: { count: matching.length, next: page * PAGE_SIZE < matching.length ? pageUrl(page + 1) : null, previous: page > 1 ? pageUrl(page - 1) : null, results },
    };
  }

  private getTransaction(id: string): FakeAnswer {
    const transaction = this.transactions.get(id);
    return transaction ? { status: 200, json: this.transactionView(transaction) } : notFound();
  }

  private createRefund({ body }: FakeRequest): FakeAnswer {
    if (!isRecord(body) || body.transaction === undefined) return badRequest({ transaction: REQUIRED });
    const transaction = this.transactions.get(String(body.transaction));
    if (!transaction) return badRequest({ transaction: [`Transaction with supplied object_id ${String(body.transaction)} not found.`] });
    if (transaction.status !== 'SUCCESS') return badRequest({ transaction: [`Transaction with status ${transaction.status} cannot be refunded.`] });
    transaction.status = 'REFUNDPENDING';
    const now = new Date().toISOString();
    return { status: 201, json: { object_id: hexId(), object_created: now, object_updated: now, object_owner: 'creator@example.com', status: 'QUEUED', transaction: transaction.id, test: true } };
  }

  private getTrack(carrier: string, trackingNumber: string): FakeAnswer {
    if (!TRACKING_CARRIERS.includes(carrier)) return badRequest({ detail: `Carrier with name '${carrier}' is not supported.` });
    const transaction = [...this.transactions.values()].find((candidate) => candidate.trackingNumber === trackingNumber);
    const events = this.tracking.get(trackingNumber);
    // Shippo asks the named carrier: a number it did not issue is not found there.
    if (!transaction || !events || transaction.rate.service.provider.toLowerCase() !== carrier) return notFound();
    const history = events.map((event, index) => ({
      object_created: event.date,
      object_updated: event.date,
      object_id: `${trackingNumber}-${index}`,
      status: event.status,
      substatus: event.substatus ? { code: event.substatus, text: event.substatus.replace(/_/g, ' '), action_required: false } : null,
      status_details: event.details,
      status_date: event.date,
      location: event.location,
    }));
    const days = transaction.rate.service.days;
    return {
      status: 200,
      json: {
        carrier,
        tracking_number: trackingNumber,
        eta: days === null ? null : new Date(Date.parse(transaction.createdAt) + days * 86_400_000).toISOString(),
        servicelevel: { token: transaction.rate.service.shippoToken, name: transaction.rate.service.shippoToken },
        metadata: null,
        transaction: transaction.id,
        tracking_status: history[history.length - 1] ?? null,
        tracking_history: history,
        messages: [],
      },
    };
  }
}

/** A Shippo fake listening on 127.0.0.1 (a free port); a failed purchase is an ERROR transaction with the queued message. */
export function startShippoFake(options: ShippoFakeOptions = {}): Promise<ShippoFake> {
  return new ShippoFake(options).listening();
}
