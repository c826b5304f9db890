// One endpoint of the simulated Open API, and the request it receives after the common checks.
import { z } from 'zod';
import { invalidParameter } from '../api-error';
import type { SimulatedShop, SimulatorState } from '../state';

export interface RouteRequest {
  /** Path parameters by name, e.g. `{ package_id: '…' }`. */
  params: Readonly<Record<string, string>>;
  query: Readonly<Record<string, string>>;
  /** The JSON body (ids as exact strings), undefined when none was sent. */
  body: unknown;
  /** The shop the access token belongs to (and, on shop-scoped paths, the one shop_cipher names). */
  shop: SimulatedShop;
  state: SimulatorState;
  /** Where the simulator is reachable, for URLs it hands out (doc_url). */
  baseUrl: string;
}

export interface SimulatorRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The documented path, e.g. `/fulfillment/202309/packages/{package_id}/ship`. */
  template: string;
  /** Whether the call needs `shop_cipher` (everything except /authorization/ and /seller/). */
  shopScoped: boolean;
  /** Returns the envelope's `data`; throws SimulatorApiError for an error answer. */
  handle(request: RouteRequest): unknown;
}

/** Validates a request body or query against `schema`; a mismatch is a 36009004 naming the field. */
export function parseParameters<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, input: unknown, where: 'body' | 'query'): T {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.join('.') || where;
  throw invalidParameter(`${where} ${field}: ${issue.message}`);
}

export const numericIdString = z.string().regex(/^\d+$/, 'expected a numeric id string');
