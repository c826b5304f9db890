import { carriers, impacts, priorities, queues, serviceLevels } from '../schema/order-facts';

/** The type of one action parameter; arguments are literals, checked at compile time. */
export type ParamType =
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'string' }
  | { kind: 'boolean' }
  | { kind: 'duration' }
  | { kind: 'number'; integer: boolean; positive: boolean };

export interface ParamSpec {
  type: ParamType;
  required: boolean;
}

export interface ActionSpec {
  params: Readonly<Record<string, ParamSpec>>;
  summary: string;
}

const required = (type: ParamType): ParamSpec => ({ type, required: true });
const optional = (type: ParamType): ParamSpec => ({ type, required: false });
const oneOf = (values: readonly string[]): ParamType => ({ kind: 'enum', values });
const text: ParamType = { kind: 'string' };

export const actions: Readonly<Record<string, ActionSpec>> = {
  escalate_priority: {
    params: { priority: required(oneOf(priorities)), impact: optional(oneOf(impacts)) },
    summary: 'raise priority (and impact) to at least the given level; never lowers',
  },
  set_priority: {
    params: { priority: required(oneOf(priorities)), impact: optional(oneOf(impacts)) },
    summary: 'set priority (and impact); the first fired set_priority wins, escalations then apply',
  },
  route_to: { params: { queue: required(oneOf(queues)) }, summary: 'send the order to a queue' },
  escalate_to_manual: { params: { reason: required(text) }, summary: 'park the order for manual review with a reason' },
  auto_reorder_inventory: {
    params: {
      multiplier: optional({ kind: 'number', integer: false, positive: true }),
      quantity: optional({ kind: 'number', integer: true, positive: true }),
      urgent: optional({ kind: 'boolean' }),
    },
    summary: 'request a stock reorder for the product',
  },
  select_carrier: {
    params: { carrier: required(oneOf(carriers)), service_level: optional(oneOf(serviceLevels)) },
    summary: 'choose the carrier and service level for the label',
  },
  enable_fast_track: { params: {}, summary: 'skip optional checks for this order' },
  add_tag: { params: { tag: required(text) }, summary: 'tag the order' },
  send_customer_notification: { params: { template: required(text) }, summary: 'notify the customer with a template' },
  notify_team: { params: { channel: required(text), message: optional(text) }, summary: 'notify a team channel' },
  hold: { params: { duration: required({ kind: 'duration' }) }, summary: 'hold the order before further processing' },
};

export function describeParamType(type: ParamType): string {
  switch (type.kind) {
    case 'enum':
      return `one of ${type.values.map((v) => `"${v}"`).join(', ')}`;
    case 'number':
      return `a ${type.positive ? 'positive ' : ''}${type.integer ? 'integer' : 'number'}`;
    case 'duration':
      return 'a duration such as 30m or 2h';
    default:
      return `a ${type.kind}`;
  }
}
