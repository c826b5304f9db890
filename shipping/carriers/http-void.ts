// Voiding a label so that asking again is safe: a void whose answer was lost (a timeout) has
// already asked the carrier for the refund, and the carrier refuses a second one.
import { CarrierError } from '../errors';

/**
 * Runs `requestRefund`; when the carrier refuses it outright (a 4xx that asking again will not
 * change), asks `alreadyVoided` whether an earlier request did void the label, and if so the
 * label is voided and nothing is thrown. Otherwise the refusal is thrown as it was.
 */
export async function voidIdempotently(requestRefund: () => Promise<void>, alreadyVoided: () => Promise<boolean>): Promise<void> {
  try {
    await requestRefund();
  } catch (error) {
    const refused = error instanceof CarrierError && !error.retryable && error.details.httpStatus !== null && error.details.httpStatus < 500;
    // A failed look-up says nothing about the refund: the refusal is the error to report.
    if (!refused || !(await alreadyVoided().catch(() => false))) throw error;
  }
}
