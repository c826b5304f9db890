import type { INodeProperties } from 'n8n-workflow';
import { allowedTransitions, orderStates } from '../../domain/orders/states';
import { codeOptions } from '../shared/display-names';
import { orderIdParameter, shopIdParameter } from '../shared/parameters';


/** Only states some transition leads to: nothing moves an order back to "received". */
const targetStates = orderStates.filter((state) => Object.values(allowedTransitions).some((next) => next.includes(state)));
const unfinishedStates = orderStates.filter((state) => allowedTransitions[state].length > 0);

const show = (operation: string, extra: Record<string, Array<string | boolean>> = {}) => ({ show: { operation: [operation], ...extra } });

export const creatorFlowOrderProperties: INodeProperties[] = [
  {
    displayName: 'Operation',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    options: [
      { name: 'Get', value: 'get', description: 'Read one order with its items', action: 'Get an order' },
      { name: 'List', value: 'list', description: 'List orders by state, stuck too long, or failed with retries left', action: 'List orders' },
      { name: 'Transition', value: 'transition', description: 'Move an order to its next state, with an audited reason', action: 'Transition an order' },
      { name: 'Upsert From TikTok Order', value: 'upsertFromTikTok', description: 'Store a TikTok Shop order (validated), or refresh what TikTok changed', action: 'Upsert an order' },
      { name: 'Verify Audit Trail', value: 'verifyAuditTrail', description: "Check that no order's recorded transitions were edited, deleted or reordered", action: 'Verify the audit trail' },
    ],
    default: 'upsertFromTikTok',
  },
  shopIdParameter,
  {
    displayName: 'TikTok Order',
    name: 'tiktokOrder',
    type: 'json',
    default: '={{ $json }}',
    required: true,
    description: "The TikTok Shop 202309 order object, as the TikTok Shop node's Order → Get outputs it: the whole item by default; map a field instead when the order sits inside one",
    displayOptions: show('upsertFromTikTok'),
  },
  orderIdParameter(['get', 'transition']),
  {
    displayName: 'Check',
    name: 'auditScope',
    type: 'options',
    options: [
      { name: 'One Order', value: 'order', description: "The order's own chain of transitions" },
      { name: 'Whole Shop', value: 'shop', description: "Every order's chain in the shop" },
    ],
    default: 'order',
    displayOptions: show('verifyAuditTrail'),
  },
  { ...orderIdParameter(['verifyAuditTrail']), displayOptions: show('verifyAuditTrail', { auditScope: ['order'] }) },
  {
    displayName: 'Fail on Broken Trail',
    name: 'failOnBroken',
    type: 'boolean',
    default: true,
    description: 'Whether a broken trail stops the node with an error (otherwise the report is output with ok: false)',
    displayOptions: show('verifyAuditTrail'),
  },
  {
    displayName: 'To State',
    name: 'toState',
    type: 'options',
    options: codeOptions(targetStates),
    default: 'validated',
    description: 'The state to move the order to; the state machine refuses a move its current state does not allow',
    displayOptions: show('transition'),
  },
  {
    displayName: 'Expected Current State',
    name: 'expectedState',
    type: 'options',
    options: [{ name: 'Any (No Check)', value: '' }, ...codeOptions(orderStates)],
    default: '',
    description: 'Refuse the move unless the order is still in this state, so a change made meanwhile by another execution is not overridden',
    displayOptions: show('transition'),
  },
  {
    displayName: 'Reason',
    name: 'reason',
    type: 'string',
    default: '',
    description: "Why the order moves; stored in the order's audit trail",
    displayOptions: show('transition'),
  },
  {
    displayName: 'Error Detail',
    name: 'errorDetail',
    type: 'string',
    default: '',
    description: "What went wrong; stored as the order's last error (map the error field of an item that a step continued on fail with)",
    displayOptions: show('transition', { toState: ['failed'] }),
  },
  {
    displayName: 'Options',
    name: 'transitionOptions',
    type: 'collection',
    placeholder: 'Add option',
    default: {},
    displayOptions: show('transition'),
    options: [
      {
        displayName: 'Actions (JSON)',
        name: 'actions',
        type: 'json',
        default: '[]',
        description: 'A JSON list of what was done on the way (e.g. the actions a rule decision fired); stored with the transition',
      },
      {
        displayName: 'Automated',
        name: 'automated',
        type: 'boolean',
        default: true,
        description: 'Whether the move was made by automation; turn off when a person made the change',
      },
    ],
  },
  {
    displayName: 'List By',
    name: 'listBy',
    type: 'options',
    options: [
      { name: 'Failed With Retries Left', value: 'failedWithRetriesLeft', description: 'Failed orders retried fewer times than Max Retries' },
      { name: 'State', value: 'state', description: 'Orders now in a state' },
      { name: 'Stuck', value: 'stuck', description: 'Unfinished orders that have not changed state for a while' },
    ],
    default: 'state',
    displayOptions: show('list'),
  },
  {
    displayName: 'State',
    name: 'state',
    type: 'options',
    options: codeOptions(orderStates),
    default: 'received',
    displayOptions: show('list', { listBy: ['state'] }),
  },
  {
    displayName: 'Stuck In',
    name: 'stuckState',
    type: 'options',
    options: [{ name: 'Any Unfinished State', value: '' }, ...codeOptions(unfinishedStates)],
    default: '',
    description: 'Only orders stuck in this state (delivered and cancelled orders are finished, never stuck)',
    displayOptions: show('list', { listBy: ['stuck'] }),
  },
  {
    displayName: 'Stuck For (Minutes)',
    name: 'stuckMinutes',
    type: 'number',
    typeOptions: { minValue: 0 },
    default: 60,
    description: 'Orders whose state changed at least this many minutes ago',
    displayOptions: show('list', { listBy: ['stuck'] }),
  },
  {
    displayName: 'Max Retries',
    name: 'maxRetries',
    type: 'number',
    typeOptions: { minValue: 0 },
    default: 3,
    description: 'Retries allowed per order; a retry is a move from Failed back to Processing',
    displayOptions: show('list', { listBy: ['failedWithRetriesLeft'] }),
  },
  {
    displayName: 'Return All',
    name: 'returnAll',
    type: 'boolean',
    default: false,
    description: 'Whether to return all results or only up to a given limit',
    displayOptions: show('list'),
  },
  {
    displayName: 'Limit',
    name: 'limit',
    type: 'number',
    typeOptions: { minValue: 1 },
    default: 50,
    description: 'Max number of results to return',
    displayOptions: show('list', { returnAll: [false] }),
  },
];
