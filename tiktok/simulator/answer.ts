// The last step of every simulated endpoint: an injected fault if one matches, else the
// endpoint's data or error in TikTok's envelope; the outcome is written to the request record
// once the request is answered.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SimulatorApiError, TIKTOK_CODES } from './api-error';
import { applyFault, type FaultQueue } from './faults';
import { sendEnvelope } from './http-io';
import type { SimulatorRequestRecord } from './request-log';

export async function answer(
  faults: FaultQueue,
  record: SimulatorRequestRecord,
  request: IncomingMessage,
  response: ServerResponse,
  serve: () => unknown,
  closing: AbortSignal,
): Promise<void> {
  const fault = faults.take(record.path, record.template);
  if (fault) {
    const outcome = await applyFault(fault, request, response, Date.now(), closing);
    if (outcome !== undefined) {
      record.outcome = outcome;
      return;
    }
  }
  try {
    sendEnvelope(response, Date.now(), { data: serve() });
    record.outcome = 0;
  } catch (error) {
    // A bug in the simulator shows as TikTok's internal error with the cause, not a hung request.
    const failure = error instanceof SimulatorApiError ? error : new SimulatorApiError(TIKTOK_CODES.internalError, `Internal error. ${(error as Error).message}`, 500);
    record.outcome = failure.code;
    sendEnvelope(response, Date.now(), failure);
  }
}
