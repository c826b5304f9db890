/** Every error the order domain raises on purpose; `code` is stable for callers and n8n nodes. */
export class CreatorFlowError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class UnknownShopError extends CreatorFlowError {
  constructor(readonly shopId: string) {
    super('UNKNOWN_SHOP', `Shop "${shopId}" does not exist; create it with ensureShop first`);
  }
}

export class OrderNotFoundError extends CreatorFlowError {
  constructor(
    readonly shopId: string,
    readonly orderId: string,
  ) {
    super('ORDER_NOT_FOUND', `Order "${orderId}" does not exist in shop "${shopId}"`);
  }
}

export class InvalidTransitionError extends CreatorFlowError {
  constructor(
    readonly orderId: string,
    readonly from: string,
    readonly to: string,
    allowed: readonly string[],
  ) {
    const next = allowed.length === 0 ? `"${from}" is terminal` : `from "${from}" an order may go to ${allowed.map((s) => `"${s}"`).join(', ')}`;
    super('INVALID_TRANSITION', `Order "${orderId}" cannot go from "${from}" to "${to}": ${next}`);
  }
}

export class ConcurrentTransitionError extends CreatorFlowError {
  constructor(
    readonly orderId: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super('CONCURRENT_TRANSITION', `Order "${orderId}" was expected in state "${expected}" but another change left it in "${actual}"`);
  }
}

export class InvalidInputError extends CreatorFlowError {
  constructor(message: string) {
    super('INVALID_INPUT', message);
  }
}

export class InvalidTikTokOrderError extends CreatorFlowError {
  constructor(readonly problems: readonly string[]) {
    super('INVALID_TIKTOK_ORDER', `Not a TikTok Shop 202309 order: ${problems.join('; ')}`);
  }
}

export class UnknownSkuError extends CreatorFlowError {
  constructor(
    readonly shopId: string,
    readonly skus: readonly string[],
  ) {
    super('UNKNOWN_SKU', `Shop "${shopId}" has no stock record for SKU ${skus.map((s) => `"${s}"`).join(', ')}; set its stock first`);
  }
}

export class ReservationNotFoundError extends CreatorFlowError {
  constructor(
    readonly shopId: string,
    readonly orderId: string,
  ) {
    super('RESERVATION_NOT_FOUND', `Order "${orderId}" of shop "${shopId}" holds no reservation to commit (none was made, or it was released or expired)`);
  }
}

/** Work that had to finish by a deadline did not; whatever it had begun was undone. */
export class DeadlineExceededError extends CreatorFlowError {
  constructor(
    readonly waitingFor: string,
    readonly timeoutMs: number,
  ) {
    super('DEADLINE_EXCEEDED', `No ${waitingFor} within ${timeoutMs} ms`);
  }
}
