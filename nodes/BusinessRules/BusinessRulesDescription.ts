import type { INodeProperties } from 'n8n-workflow';
import { shopIdParameter } from '../shared/parameters';

const evaluate = { operation: ['evaluate'] };

const exampleRules = 'mode all\n\nrule "Everything is standard"\n  id "standard-001"\nwhen\n  quantity >= 1\nthen\n  route_to(queue: "standard")\nend\n';

/** Where the rules text comes from, for Evaluate and Publish alike: a file's path, or the text itself. */
function rulesTextProperties(showFile: Record<string, string[]>, showInline: Record<string, string[]>, inlineDefault: string): INodeProperties[] {
  return [
    {
      displayName: 'Rules File Path',
      name: 'filePath',
      type: 'string',
      default: '',
      required: true,
      placeholder: '/data/rules/order-routing.rules',
      description: "Path of the .rules file on the n8n server; a relative path is resolved from n8n's working directory",
      displayOptions: { show: showFile },
    },
    {
      displayName: 'Rules',
      name: 'rules',
      type: 'string',
      typeOptions: { rows: 16 },
      default: inlineDefault,
      noDataExpression: true,
      description: 'Rules in the CreatorFlow rules language (see the README)',
      displayOptions: { show: showInline },
    },
  ];
}

export const businessRulesProperties: INodeProperties[] = [
  {
    displayName: 'Operation',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    options: [
      { name: 'Evaluate', value: 'evaluate', description: 'Run each item through the rules and route it by the decision', action: 'Evaluate rules' },
      { name: 'Publish', value: 'publish', description: 'Store a rules source in the database as the next version of a rule set', action: 'Publish a rule set' },
    ],
    default: 'evaluate',
  },
  shopIdParameter,
  {
    displayName: 'Rules Source',
    name: 'rulesSource',
    type: 'options',
    noDataExpression: true,
    options: [
      { name: 'File', value: 'file', description: 'A .rules file on the n8n server' },
      { name: 'Inline', value: 'inline', description: 'Rules typed into this node' },
      { name: 'Published Rule Set', value: 'published', description: 'A version published to the database with the Publish operation' },
    ],
    default: 'file',
    displayOptions: { show: evaluate },
  },
  {
    displayName: 'Source',
    name: 'publishSource',
    type: 'options',
    noDataExpression: true,
    options: [
      { name: 'File', value: 'file', description: 'A .rules file on the n8n server' },
      { name: 'Inline', value: 'inline', description: 'Rules typed into this node' },
    ],
    default: 'file',
    displayOptions: { show: { operation: ['publish'] } },
  },
  ...rulesTextProperties({ operation: ['evaluate'], rulesSource: ['file'] }, { operation: ['evaluate'], rulesSource: ['inline'] }, exampleRules),
  ...rulesTextProperties({ operation: ['publish'], publishSource: ['file'] }, { operation: ['publish'], publishSource: ['inline'] }, ''),
  {
    displayName: 'Rule Set Name',
    name: 'ruleSet',
    type: 'string',
    default: '',
    placeholder: 'order-routing',
    description: "Names the published rule set (required to evaluate one) and whose `limit` counters the rules share; when empty, a file's base name or \"inline\"",
  },
  {
    displayName: 'Version',
    name: 'version',
    type: 'number',
    typeOptions: { minValue: 0 },
    default: 0,
    description: 'A pinned published version, or 0 for the latest enabled one',
    displayOptions: { show: { operation: ['evaluate'], rulesSource: ['published'] } },
  },
  {
    displayName: 'Facts From',
    name: 'factsFrom',
    type: 'options',
    options: [
      { name: 'Item JSON', value: 'item', description: "The item's JSON as the facts, in the rules' snake_case names" },
      { name: 'Stored Order', value: 'order', description: "The order as CreatorFlow stored it (by the item's shop and order ID), with its customer's order count, stock and the item's viral assessment" },
    ],
    default: 'order',
    displayOptions: { show: evaluate },
  },
  {
    displayName: 'Order ID',
    name: 'orderId',
    type: 'string',
    default: '={{ $json.order_id ?? $json.orderId }}',
    required: true,
    displayOptions: { show: { operation: ['evaluate'], factsFrom: ['order'] } },
  },
  {
    displayName: 'Output',
    name: 'outputMode',
    type: 'options',
    noDataExpression: true,
    options: [
      { name: 'One Branch per Queue', value: 'perQueue', description: 'Outputs viral_priority, high_value, standard, fully_automated and manual_review' },
      { name: 'Single Output', value: 'single', description: 'Every item leaves by one output with its decision' },
    ],
    default: 'perQueue',
    displayOptions: { show: evaluate },
  },
  {
    displayName: 'Options',
    name: 'options',
    type: 'collection',
    placeholder: 'Add option',
    default: {},
    displayOptions: { show: evaluate },
    options: [
      {
        displayName: 'Check Facts Against',
        name: 'schema',
        type: 'options',
        options: [
          { name: 'Nothing', value: 'none', description: 'Any facts; the rules are not type-checked against a schema' },
          { name: 'Order Facts', value: 'order', description: 'Rules and item facts must fit the order facts' },
        ],
        default: 'order',
      },
      {
        displayName: 'Evaluation Time',
        name: 'now',
        type: 'dateTime',
        default: '',
        description: 'The time rules see as `now` and count limits at; the current time when empty',
      },
      {
        displayName: 'Include Explanation',
        name: 'explain',
        type: 'boolean',
        default: false,
        description: 'Whether to add each rule\'s trace: which predicates held, with their values',
      },
      {
        displayName: 'Save Decision to Order',
        name: 'saveDecision',
        type: 'boolean',
        default: true,
        description: "Whether to store the decision's priority, impact, carrier, service level and manual review (and the viral assessment's rate) on the stored order, so later steps and retries follow it (Stored Order facts only)",
      },
      {
        displayName: 'Viral Assessment Field',
        name: 'velocityField',
        type: 'string',
        default: 'viral',
        description: "The item field holding the Viral Detection node's assessment, used by Stored Order facts",
      },
    ],
  },
];
