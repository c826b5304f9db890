// Typed errors of the shipping module. `retryable` says whether the same call later (or another
// carrier now) can succeed; rate shopping fails over on any CarrierError.

export class ShippingError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The carrier answered with an error, or with something we cannot read. */
export class CarrierError extends ShippingError {
  constructor(
    readonly carrier: string,
    message: string,
    readonly details: {
      httpStatus: number | null;
      carrierCode?: string;
      retryable: boolean;
      /** The carrier answered that it did not do what was asked (a 4xx, a failed purchase): nothing was bought or changed. */
      refused?: boolean;
    },
    code = 'CARRIER_ERROR',
  ) {
    super(code, `${carrier}: ${message}`);
  }

  get retryable(): boolean {
    return this.details.retryable;
  }

  /** Whether the carrier is known to have done nothing; false when the outcome is unknown. */
  get refused(): boolean {
    return this.details.refused === true;
  }
}

/**
 * The carrier did not answer in time or the connection failed. For a purchase the outcome is
 * unknown: the label may have been bought, so a retry must look for it before buying again.
 */
export class CarrierUnavailableError extends CarrierError {
  /** `neverSent`: the connection was refused or the host not found, so the carrier did nothing. */
  constructor(carrier: string, message: string, neverSent = false) {
    super(carrier, message, { httpStatus: null, retryable: true, refused: neverSent }, 'CARRIER_UNAVAILABLE');
  }
}

/** The shipment or rate cannot be shipped as given (bad address, weight out of range, unknown service). */
export class InvalidShipmentError extends ShippingError {
  constructor(readonly problems: readonly string[]) {
    super('INVALID_SHIPMENT', `Cannot ship: ${problems.join('; ')}`);
  }
}

/** Every configured carrier failed; `failures` says why each one did. */
export class NoCarrierAvailableError extends ShippingError {
  constructor(readonly failures: ReadonlyArray<{ carrier: string; error: Error }>) {
    const reasons = failures.map((f) => `${f.carrier}: ${f.error.message}`).join('; ');
    super('NO_CARRIER_AVAILABLE', failures.length === 0 ? 'No carrier offered a rate for this shipment' : `No carrier could ship: ${reasons}`);
  }
}

/**
 * A purchase was sent but its outcome is unknown (the carrier timed out twice). Nothing else was
 * bought; the next purchase attempt for the order resumes this one with the same idempotency key.
 */
export class LabelPurchasePendingError extends ShippingError {
  constructor(
    readonly orderId: string,
    readonly carrier: string,
    override readonly cause: Error,
  ) {
    super('LABEL_PURCHASE_PENDING', `The label purchase for order "${orderId}" at ${carrier} has no answer yet (${cause.message}); try again later: the retry asks ${carrier} for that label before buying anything`);
  }

  /** False when the carrier's answer will not change by asking again: an operator must look (see abandonLabelPurchase). */
  get retryable(): boolean {
    return !(this.cause instanceof CarrierError) || this.cause.retryable;
  }
}

/** The order's label (or its unfinished purchase) is at a carrier that is not configured any more. */
export class CarrierNotConfiguredError extends ShippingError {
  constructor(
    readonly orderId: string,
    readonly carrier: string,
  ) {
    super('CARRIER_NOT_CONFIGURED', `Order "${orderId}" has a label (or an unfinished purchase of one) at ${carrier}, which is not among the configured carriers; configure ${carrier} again to go on`);
  }
}

/** Another call has been working on the order's label for longer than the caller would wait. */
export class LabelWorkBusyError extends ShippingError {
  readonly retryable = true;
  constructor(
    readonly orderId: string,
    waitedMs: number,
  ) {
    super('LABEL_WORK_BUSY', `Another call has been buying or voiding the label of order "${orderId}" for over ${waitedMs} ms; try again later`);
  }
}

/** Labels are bought for orders whose stock is reserved; this one is elsewhere in its lifecycle. */
export class OrderNotShippableError extends ShippingError {
  constructor(
    readonly orderId: string,
    readonly state: string,
  ) {
    super('ORDER_NOT_SHIPPABLE', `Order "${orderId}" is ${state}: a label is bought once its stock is reserved (inventory_reserved) and before it ships`);
  }
}
