// Faults a test asks for: the next matching requests fail in the chosen way, then the simulator
// behaves normally again.
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { SimulatorApiError } from './api-error';
import { sleep } from '../sleep';
import { sendEnvelope } from './http-io';

interface FaultTarget {
  /** A request path, a route template (`/fulfillment/202309/packages/{package_id}/ship`) or a pattern; every path when absent. */
  path?: string | RegExp;
  /** How many matching requests it applies to; 1 when absent (Infinity: until `clearFaults`). */
  times?: number;
}

export type SimulatorFault = FaultTarget &
  (
    | { kind: 'http'; status: number; retryAfterSeconds?: number }
    | { kind: 'code'; code: number; message?: string }
    | { kind: 'delay'; ms: number }
    | { kind: 'drop' }
  );

type PendingFault = SimulatorFault & { remaining: number };

export class FaultQueue {
  private pending: PendingFault[] = [];

  add(fault: SimulatorFault): void {
    const times = fault.times ?? 1;
    if (!(times > 0)) throw new RangeError(`fault times must be positive, got ${times}`);
    this.pending.push({ ...fault, remaining: times });
  }

  /** The first fault that matches the request, counted as used. */
  take(path: string, template: string | undefined): SimulatorFault | undefined {
    const fault = this.pending.find((candidate) => matches(candidate.path, path, template));
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.pending = this.pending.filter((candidate) => candidate !== fault);
    return fault;
  }

  clear(): void {
    this.pending = [];
  }
}

function matches(target: string | RegExp | undefined, path: string, template: string | undefined): boolean {
  if (target === undefined) return true;
  if (typeof target === 'string') return target === path || target === template;
  return target.test(path);
}

/**
 * Carries out a fault on a request. Returns the recorded outcome when the fault answered (HTTP
 * status, envelope code, or -1 for a dropped connection); undefined after a delay, when the
 * request goes on to be served normally. `closing` cuts a delay short: the connection is dropped.
 */
export async function applyFault(fault: SimulatorFault, request: IncomingMessage, response: ServerResponse, nowMs: number, closing: AbortSignal): Promise<number | undefined> {
  switch (fault.kind) {
    case 'delay':
      try {
        await sleep(fault.ms, closing);
        return undefined;
      } catch {
        request.socket.destroy();
        return SIMULATOR_DROPPED_CONNECTION;
      }
    case 'drop':
      request.socket.destroy();
      return SIMULATOR_DROPPED_CONNECTION;
    case 'http': {
      const headers: Record<string, string> = { 'content-type': 'text/plain' };
      if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
      response.writeHead(fault.status, headers);
      response.end(`${fault.status} ${STATUS_CODES[fault.status] ?? ''}`.trim());
      return fault.status;
    }
    case 'code':
      sendEnvelope(response, nowMs, new SimulatorApiError(fault.code, fault.message ?? `Simulated failure ${fault.code}`));
      return fault.code;
  }
}

/** The outcome recorded for a request whose connection was dropped without an answer. */
export const SIMULATOR_DROPPED_CONNECTION = -1;
