// A local EasyPost for tests: the v2 endpoints the adapter uses, speaking EasyPost's shapes with
// its checks and `{ error: { code, message, errors } }` bodies, holding shipments (with rates,
// their one label and refund status) and trackers. As at EasyPost, a shipment is bought once: a
// second buy is refused with SHIPMENT.POSTAGE.EXISTS.
import { CarrierFake, FAKE_SERVICES, hexId, priceFor, trackingNumberFor, type FakeAnswer, type FakeRequest, type FakeRoute, type FakeService } from './fake-server';

export interface EasyPostFakeOptions {
  /** The API key the fake accepts as the Basic auth username. */
  apiKey?: string;
  /**
   * An account whose labels print as PDF by default: `label_url` is the PDF itself
   * (`label_file_type` application/pdf) and no converted `label_pdf_url` is given.
   */
  pdfByDefault?: boolean;
}

type TrackerStatus = 'unknown' | 'pre_transit' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'available_for_pickup' | 'return_to_sender' | 'failure';

interface FakeRate {
  id: string;
  service: FakeService;
  amount: string;
}

interface FakeShipment {
  id: string;
  createdAt: string;
  body: Record<string, unknown>;
  labelFormat: 'PDF' | 'ZPL' | 'PNG';
  rates: FakeRate[];
  selectedRate: FakeRate | null;
  trackingCode: string | null;
  postageLabel: Record<string, unknown> | null;
  refundStatus: 'submitted' | null;
}

interface FakeTrackingDetail {
  status: TrackerStatus;
  message: string;
  datetime: string;
  location: { city: string | null; state: string | null; zip: string | null; country: string | null };
}

const OUNCES_TO_GRAMS = 28.349523125;
const LABEL_FORMATS = ['PNG', 'PDF', 'ZPL', 'EPL2'];

function easyPostError(status: number, code: string, message: string, errors: unknown[] = []): FakeAnswer {
  return { status, json: { error: { code, message, errors } } };
}

function missing(field: string): FakeAnswer {
  return easyPostError(422, 'PARAMETER.REQUIRED', 'Missing required parameter.', [{ field, message: 'cannot be blank' }]);
}

function notFound(): FakeAnswer {
  return easyPostError(404, 'NOT_FOUND', 'The requested resource could not be found.');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function rateView(shipment: FakeShipment, rate: FakeRate): Record<string, unknown> {
  return {
    id: rate.id,
    object: 'Rate',
    mode: 'test',
    service: rate.service.easyPostService,
    carrier: rate.service.provider,
    rate: rate.amount,
    currency: 'USD',
    retail_rate: rate.amount,
    retail_currency: 'USD',
    delivery_days: rate.service.days,
    est_delivery_days: rate.service.days,
    delivery_date_guaranteed: false,
    shipment_id: shipment.id,
    carrier_account_id: 'ca_5ba7ca3632c54adeb17ad4bcac13c890',
  };
}

export class EasyPostFake extends CarrierFake {
  private readonly shipments = new Map<string, FakeShipment>();
  private readonly trackers = new Map<string, { id: string; shipment: FakeShipment; details: FakeTrackingDetail[] }>();
  protected readonly errorAnswers = {
    notFound: notFound(),
    malformedBody: easyPostError(400, 'BAD_REQUEST', 'The request could not be understood by the server due to malformed syntax.'),
  };

  private readonly pdfByDefault: boolean;

  constructor(options: EasyPostFakeOptions = {}) {
    super(options.apiKey ?? 'EZTK0123456789abcdef');
    this.pdfByDefault = options.pdfByDefault ?? false;
  }

  /** Shipments bought, each once. */
  get purchaseCount(): number {
    return [...this.shipments.values()].filter((shipment) => shipment.selectedRate !== null).length;
  }

  /** The shipment's `refund_status` now. */
  refundStatus(shipmentId: string): string | null | undefined {
    return this.shipments.get(shipmentId)?.refundStatus;
  }

  /** A tracking event for a label bought here, as the carrier would scan it. */
  addTrackingEvent(trackingCode: string, detail: Omit<FakeTrackingDetail, 'location'> & { location?: Partial<FakeTrackingDetail['location']> }): void {
    const tracker = this.trackers.get(trackingCode);
    if (!tracker) throw new Error(`the EasyPost fake sold no label with tracking code ${trackingCode}`);
    tracker.details.push({ ...detail, location: { city: null, state: null, zip: null, country: null, ...detail.location } });
  }

  protected authorize(request: FakeRequest): FakeAnswer | undefined {
    const expected = `Basic ${Buffer.from(`${this.apiKey}:`).toString('base64')}`;
    return request.headers.authorization === expected ? undefined : easyPostError(401, 'APIKEY.INACTIVE', 'This API key is not valid. Please provide a valid API key.');
  }

  protected routes(): FakeRoute[] {
    return [
      { method: 'POST', path: /^\/v2\/shipments$/, handle: (request) => this.createShipment(request) },
      { method: 'GET', path: /^\/v2\/shipments\/(?<id>shp_[0-9a-f]+)$/, handle: ({ params }) => this.withShipment(params.id, (shipment) => this.shipmentAnswer(200, shipment)) },
      { method: 'POST', path: /^\/v2\/shipments\/(?<id>shp_[0-9a-f]+)\/buy$/, handle: ({ params, body }) => this.withShipment(params.id, (shipment) => this.buy(shipment, body)) },
      { method: 'POST', path: /^\/v2\/shipments\/(?<id>shp_[0-9a-f]+)\/refund$/, handle: ({ params }) => this.withShipment(params.id, (shipment) => this.refund(shipment)) },
      { method: 'POST', path: /^\/v2\/trackers$/, handle: (request) => this.createTracker(request) },
      // The address book, which the n8n credential test lists as its cheap authenticated call; it stays empty here.
      { method: 'GET', path: /^\/v2\/addresses$/, handle: () => ({ status: 200, json: { addresses: [], has_more: false } }) },
    ];
  }

  private withShipment(id: string, handle: (shipment: FakeShipment) => FakeAnswer): FakeAnswer {
    const shipment = this.shipments.get(id);
    return shipment ? handle(shipment) : notFound();
  }

  private createShipment({ body }: FakeRequest): FakeAnswer {
    if (!isRecord(body) || !isRecord(body.shipment)) return missing('shipment');
    const request = body.shipment;
    for (const field of ['to_address', 'from_address', 'parcel']) if (!isRecord(request[field])) return missing(field);
    const parcel = request.parcel as Record<string, unknown>;
    const problems = ['weight', 'length', 'width', 'height']
      .filter((size) => !(typeof parcel[size] === 'number' && (parcel[size] as number) > 0))
      .map((size) => ({ field: `parcel.${size}`, message: 'must be greater than 0' }));
    if (problems.length > 0) return easyPostError(422, 'PARCEL.PARAMETERS.INVALID', 'Invalid parcel parameters.', problems);
    const options = isRecord(request.options) ? request.options : {};
    const labelFormat = String(options.label_format ?? 'PNG');
    if (!LABEL_FORMATS.includes(labelFormat)) return easyPostError(422, 'SHIPMENT.OPTIONS.INVALID', `Invalid label_format: ${labelFormat}`);

    const grams = (parcel.weight as number) * OUNCES_TO_GRAMS;
    const shipment: FakeShipment = {
      id: `shp_${hexId()}`,
      createdAt: new Date().toISOString(),
      body: request,
      labelFormat: labelFormat === 'PDF' || labelFormat === 'ZPL' ? labelFormat : 'PNG',
      rates: FAKE_SERVICES.map((service) => ({ id: `rate_${hexId()}`, service, amount: priceFor(service, grams) })),
      selectedRate: null,
      trackingCode: null,
      postageLabel: null,
      refundStatus: null,
    };
    this.shipments.set(shipment.id, shipment);
    return this.shipmentAnswer(201, shipment);
  }

  private shipmentAnswer(status: number, shipment: FakeShipment): FakeAnswer {
    const { body } = shipment;
    const tracker = shipment.trackingCode === null ? null : this.trackerView(shipment.trackingCode);
    return {
      status,
      json: {
        id: shipment.id,
        object: 'Shipment',
        mode: 'test',
        created_at: shipment.createdAt,
        reference: body.reference ?? null,
        status: 'unknown',
        options: { ...(isRecord(body.options) ? body.options : {}), currency: 'USD', payment: { type: 'SENDER' } },
        from_address: { id: `adr_${hexId()}`, object: 'Address', ...(body.from_address as object) },
        to_address: { id: `adr_${hexId()}`, object: 'Address', ...(body.to_address as object) },
        parcel: { id: `prcl_${hexId()}`, object: 'Parcel', ...(body.parcel as object) },
        rates: shipment.rates.map((rate) => rateView(shipment, rate)),
        selected_rate: shipment.selectedRate && rateView(shipment, shipment.selectedRate),
        postage_label: shipment.postageLabel,
        tracking_code: shipment.trackingCode,
        tracker,
        refund_status: shipment.refundStatus,
        messages: [],
      },
    };
  }

  private buy(shipment: FakeShipment, body: unknown): FakeAnswer {
    const rateId = isRecord(body) && isRecord(body.rate) ? body.rate.id : undefined;
    if (typeof rateId !== 'string') return missing('rate');
    if (shipment.selectedRate !== null) return easyPostError(422, 'SHIPMENT.POSTAGE.EXISTS', 'Postage already exists for this shipment.');
    const rate = shipment.rates.find((candidate) => candidate.id === rateId);
    if (!rate) return easyPostError(422, 'SHIPMENT.INVALID_PARAMS', `Rate ${rateId} is not a rate of shipment ${shipment.id}.`, [{ field: 'rate.id', message: 'not found' }]);
    const failure = this.takePurchaseFailure();
    if (failure !== undefined) return easyPostError(422, 'SHIPMENT.POSTAGE.FAILURE', failure);

    const trackingCode = trackingNumberFor(rate.service.provider);
    const lines = [`${rate.service.provider} ${rate.service.easyPostService}`, `Tracking: ${trackingCode}`, `Reference: ${String(shipment.body.reference ?? '')}`];
    const now = new Date().toISOString();
    shipment.selectedRate = rate;
    shipment.trackingCode = trackingCode;
    shipment.postageLabel = {
      object: 'PostageLabel',
      id: `pl_${hexId()}`,
      created_at: now,
      label_date: now,
      label_resolution: 300,
      label_size: '4x6',
      label_type: 'default',
      label_file_type: this.pdfByDefault ? 'application/pdf' : 'image/png',
      label_url: this.files.put(this.baseUrl, this.pdfByDefault ? 'PDF' : 'PNG', lines),
      label_pdf_url: shipment.labelFormat === 'PDF' && !this.pdfByDefault ? this.files.put(this.baseUrl, 'PDF', lines) : null,
      label_zpl_url: shipment.labelFormat === 'ZPL' ? this.files.put(this.baseUrl, 'ZPL', lines) : null,
      label_epl2_url: null,
      label_file: null,
    };
    const from = shipment.body.from_address as Record<string, unknown>;
    this.trackers.set(trackingCode, {
      id: `trk_${hexId()}`,
      shipment,
      details: [
        {
          status: 'pre_transit',
          message: 'Shipping Label Created',
          datetime: now,
          location: { city: String(from.city ?? ''), state: String(from.state ?? ''), zip: String(from.zip ?? ''), country: String(from.country ?? '') },
        },
      ],
    });
    return this.shipmentAnswer(200, shipment);
  }

  private refund(shipment: FakeShipment): FakeAnswer {
    if (shipment.selectedRate === null) return easyPostError(422, 'SHIPMENT.REFUND.UNAVAILABLE', 'This shipment has no postage to refund.');
    if (shipment.refundStatus !== null) return easyPostError(422, 'SHIPMENT.REFUND.FAILURE', 'A refund has already been submitted for this shipment.');
    shipment.refundStatus = 'submitted';
    return this.shipmentAnswer(200, shipment);
  }

  private createTracker({ body }: FakeRequest): FakeAnswer {
    const code = isRecord(body) && isRecord(body.tracker) ? body.tracker.tracking_code : undefined;
    if (typeof code !== 'string' || code === '') return missing('tracker.tracking_code');
    // A code EasyPost has no label for would be looked up at the carriers; the fake knows only its own.
    if (!this.trackers.has(code)) return easyPostError(422, 'TRACKER.NO_CARRIER_FOR_CODE', `No carrier could be found for tracking code ${code}.`);
    return { status: 200, json: this.trackerView(code) };
  }

  private trackerView(code: string): Record<string, unknown> {
    const tracker = this.trackers.get(code);
    if (!tracker) throw new Error(`no tracker for ${code}`);
    const { details, shipment } = tracker;
    const days = shipment.selectedRate?.service.days ?? null;
    const latest = details.reduce((last, detail) => (Date.parse(detail.datetime) >= Date.parse(last.datetime) ? detail : last));
    return {
      id: tracker.id,
      object: 'Tracker',
      mode: 'test',
      tracking_code: code,
      status: latest.status,
      carrier: shipment.selectedRate?.service.provider,
      shipment_id: shipment.id,
      est_delivery_date: days === null ? null : new Date(Date.parse(shipment.createdAt) + days * 86_400_000).toISOString(),
      tracking_details: details.map((detail) => ({
        object: 'TrackingDetail',
        message: detail.message,
        description: '',
        status: detail.status,
        datetime: detail.datetime,
        source: shipment.selectedRate?.service.provider,
        tracking_location: { object: 'TrackingLocation', ...detail.location },
      })),
      public_url: `https://track.easypost.com/${tracker.id}`,
    };
  }
}

/** An EasyPost fake listening on 127.0.0.1 (a free port); a failed purchase is a 422 SHIPMENT.POSTAGE.FAILURE with the queued message. */
export function startEasyPostFake(options: EasyPostFakeOptions = {}): Promise<EasyPostFake> {
  return new EasyPostFake(options).listening();
}
