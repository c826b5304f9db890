// How fired actions fold into the decision: priority and impact, queue, manual review, carrier,
// reorder, fast track, tags and holds.
import { compileRules, impacts, priorities, type Decision, type Impact, type Priority } from '../../index';

const NOW = new Date('2025-10-15T12:00:00Z');

const order = {
  id: 'ord_3001',
  current_state: 'validated',
  customer_tier: 'regular',
  price: 64,
  quantity: 2,
  retry_count: 0,
  stock_hours_remaining: 6,
  orders_per_hour: 48,
  velocity_increase: 3.5,
};

/**
 * Each entry becomes one rule that always fires, with the given attributes and actions,
 * in file order; names are r1, r2... Returns the decision for `facts`.
 */
function decide(rules: [attributes: string, actions: string][], facts: object = order): Decision {
  const source = rules.map(([attributes, actions], i) => `rule "r${i + 1}" ${attributes} when true then ${actions} end`).join('\n');
  return compileRules(source).evaluate(facts, { now: NOW }).decision;
}

const nothingFired: Decision = {
  priority: 'standard',
  impact: 'MED',
  queue: 'standard',
  manual_review: false,
  reasons: [],
  carrier: null,
  service_level: null,
  fast_track: false,
  tags: [],
  reorder: null,
  hold_ms: 0,
};

describe('when nothing fires', () => {
  test('the decision starts from the facts, else the defaults', () => {
    const rules = compileRules('rule "Never" when price > 1000 then escalate_priority(priority: "high") add_tag(tag: "x") end');
    expect(rules.evaluate(order, { now: NOW }).decision).toEqual(nothingFired);
    expect(rules.evaluate({ ...order, priority: 'urgent', impact: 'HIGH' }, { now: NOW }).decision).toEqual({
      ...nothingFired,
      priority: 'urgent',
      impact: 'HIGH',
      queue: 'high_value',
    });
    expect(rules.evaluate({ ...order, priority: null, impact: null }, { now: NOW }).decision).toEqual(nothingFired);
  });

  test('an empty rules file decides the same', () => {
    expect(compileRules('').evaluate({ priority: 'automated', impact: 'AUTO' }, { now: NOW }).decision).toEqual({
      ...nothingFired,
      priority: 'automated',
      impact: 'AUTO',
      queue: 'fully_automated',
    });
  });
});

describe('priority and impact', () => {
  // Ranks from highest to lowest, as exported.
  const priorityPairs = priorities.flatMap((start) => priorities.map((to) => [start, to] as [Priority, Priority]));
  const impactPairs = impacts.flatMap((start) => impacts.map((to) => [start, to] as [Impact, Impact]));
  const rank = <T>(list: readonly T[], value: T) => list.length - list.indexOf(value);

  test('the ranks are high > urgent > standard > automated and VIRAL > HIGH > MED > AUTO', () => {
    expect(priorities).toEqual(['high', 'urgent', 'standard', 'automated']);
    expect(impacts).toEqual(['VIRAL', 'HIGH', 'MED', 'AUTO']);
  });

  test.each(priorityPairs)('escalate_priority from %s to %s raises, never lowers', (start, to) => {
    const expected = rank(priorities, to) > rank(priorities, start) ? to : start;
    expect(decide([['', `escalate_priority(priority: "${to}")`]], { ...order, priority: start }).priority).toBe(expected);
  });

  test.each(impactPairs)('escalate_priority impact from %s to %s raises, never lowers', (start, to) => {
    const expected = rank(impacts, to) > rank(impacts, start) ? to : start;
    expect(decide([['', `escalate_priority(priority: "automated", impact: "${to}")`]], { ...order, impact: start }).impact).toBe(expected);
  });

  test.each(priorityPairs)('set_priority from %s to %s replaces, even lowering', (start, to) => {
    expect(decide([['', `set_priority(priority: "${to}")`]], { ...order, priority: start }).priority).toBe(to);
  });

  test.each(impactPairs)('set_priority impact from %s to %s replaces, even lowering', (start, to) => {
    expect(decide([['', `set_priority(priority: "standard", impact: "${to}")`]], { ...order, impact: start }).impact).toBe(to);
  });

  test('without a fact priority/impact, escalation starts from standard/MED', () => {
    expect(decide([['', 'escalate_priority(priority: "automated", impact: "AUTO")']])).toMatchObject({ priority: 'standard', impact: 'MED' });
    expect(decide([['', 'escalate_priority(priority: "urgent", impact: "HIGH")']])).toMatchObject({ priority: 'urgent', impact: 'HIGH' });
  });

  test('several escalations: the highest wins, whatever their order', () => {
    const escalations = ['escalate_priority(priority: "urgent", impact: "HIGH")', 'escalate_priority(priority: "high")', 'escalate_priority(priority: "standard", impact: "VIRAL")'];
    for (const ordered of [escalations, [...escalations].reverse()]) {
      expect(decide(ordered.map((a) => ['', a]))).toMatchObject({ priority: 'high', impact: 'VIRAL' });
    }
  });

  test('escalate_priority without impact leaves the impact alone', () => {
    expect(decide([['', 'escalate_priority(priority: "high")']], { ...order, impact: 'AUTO' }).impact).toBe('AUTO');
  });

  test('set_priority without impact leaves the impact alone', () => {
    expect(decide([['', 'set_priority(priority: "automated")']], { ...order, impact: 'HIGH' })).toMatchObject({ priority: 'automated', impact: 'HIGH' });
  });

  test('the first fired set_priority wins, by firing order (priority), not file order', () => {
    const decision = decide([
      ['priority 10', 'set_priority(priority: "automated", impact: "AUTO")'],
      ['priority 90', 'set_priority(priority: "urgent", impact: "HIGH")'],
      ['priority 50', 'set_priority(priority: "high", impact: "VIRAL")'],
    ]);
    expect(decision).toMatchObject({ priority: 'urgent', impact: 'HIGH', queue: 'high_value' });
  });

  test('impact comes from the first set_priority that gives one, priority from the first of all', () => {
    expect(decide([['', 'set_priority(priority: "urgent")'], ['', 'set_priority(priority: "standard", impact: "VIRAL")']])).toMatchObject({ priority: 'urgent', impact: 'VIRAL' });
    expect(
      decide([['', 'set_priority(priority: "urgent", impact: "AUTO")'], ['', 'set_priority(priority: "standard", impact: "VIRAL")']]),
    ).toMatchObject({ priority: 'urgent', impact: 'AUTO' });
  });

  test('escalations apply after the first set_priority, even when they fired before it', () => {
    const decision = decide(
      [
        ['priority 90', 'escalate_priority(priority: "urgent", impact: "HIGH")'],
        ['priority 10', 'set_priority(priority: "automated", impact: "AUTO")'],
      ],
      { ...order, priority: 'high', impact: 'VIRAL' },
    );
    expect(decision).toMatchObject({ priority: 'urgent', impact: 'HIGH', queue: 'high_value' });
  });

  test('in one rule, the written order of set and escalate does not matter', () => {
    expect(decide([['', 'escalate_priority(priority: "urgent") set_priority(priority: "automated")']]).priority).toBe('urgent');
    expect(decide([['', 'set_priority(priority: "automated") escalate_priority(priority: "urgent")']]).priority).toBe('urgent');
    expect(decide([['', 'set_priority(priority: "high") escalate_priority(priority: "urgent")']]).priority).toBe('high');
  });

  test('an unrecognised fact priority/impact starts from the defaults', () => {
    expect(decide([], { ...order, priority: 'HIGH', impact: 'viral' })).toMatchObject({ priority: 'standard', impact: 'MED' });
  });
});

describe('queue', () => {
  test.each<[Priority, string]>([
    ['high', 'viral_priority'],
    ['urgent', 'high_value'],
    ['standard', 'standard'],
    ['automated', 'fully_automated'],
  ])('from the priority: %s → %s', (priority, queue) => {
    expect(decide([], { ...order, priority }).queue).toBe(queue);
    expect(decide([['', `set_priority(priority: "${priority}")`]], { ...order, priority: priority === 'high' ? 'automated' : 'high' }).queue).toBe(queue);
  });

  test('the queue follows the final priority, after escalation', () => {
    expect(decide([['', 'escalate_priority(priority: "high")']]).queue).toBe('viral_priority');
  });

  test('the first fired route_to overrides the priority', () => {
    expect(
      decide([
        ['priority 10', 'route_to(queue: "standard")'],
        ['priority 80', 'route_to(queue: "fully_automated")'],
        ['priority 90', 'escalate_priority(priority: "high")'],
      ]).queue,
    ).toBe('fully_automated');
  });

  test('route_to may name manual_review without manual review being set', () => {
    expect(decide([['', 'route_to(queue: "manual_review")']])).toMatchObject({ queue: 'manual_review', manual_review: false, reasons: [] });
  });

  test('manual review overrides any route and priority', () => {
    const decision = decide([
      ['priority 90', 'route_to(queue: "viral_priority") escalate_priority(priority: "high")'],
      ['priority 10', 'escalate_to_manual(reason: "address could not be verified")'],
    ]);
    expect(decision).toMatchObject({ queue: 'manual_review', manual_review: true, priority: 'high', reasons: ['address could not be verified'] });
  });
});

describe('manual review', () => {
  test('reasons are listed in firing order, duplicates kept', () => {
    const decision = decide([
      ['priority 10', 'escalate_to_manual(reason: "third")'],
      ['priority 90', 'escalate_to_manual(reason: "first") escalate_to_manual(reason: "second")'],
      ['priority 5', 'escalate_to_manual(reason: "first")'],
    ]);
    expect(decision.manual_review).toBe(true);
    expect(decision.reasons).toEqual(['first', 'second', 'third', 'first']);
  });

  test('a non-firing escalate_to_manual does not count', () => {
    const rules = compileRules('rule "Failures" when retry_count >= 3 then escalate_to_manual(reason: "failed 3 times") end');
    expect(rules.evaluate(order, { now: NOW }).decision).toMatchObject({ manual_review: false, reasons: [], queue: 'standard' });
    expect(rules.evaluate({ ...order, retry_count: 3 }, { now: NOW }).decision).toMatchObject({ manual_review: true, reasons: ['failed 3 times'], queue: 'manual_review' });
  });
});

describe('carrier and service level', () => {
  test('from the first fired select_carrier', () => {
    expect(
      decide([
        ['priority 10', 'select_carrier(carrier: "usps", service_level: "standard")'],
        ['priority 60', 'select_carrier(carrier: "fedex", service_level: "overnight")'],
      ]),
    ).toMatchObject({ carrier: 'fedex', service_level: 'overnight' });
  });

  test('an unset service level is null, even if a later select_carrier gives one', () => {
    expect(decide([['', 'select_carrier(carrier: "dhl")'], ['', 'select_carrier(carrier: "ups", service_level: "expedited")']])).toMatchObject({
      carrier: 'dhl',
      service_level: null,
    });
  });
});

describe('reorder', () => {
  test.each([
    ['auto_reorder_inventory(multiplier: 2.5, urgent: true)', { multiplier: 2.5, quantity: null, urgent: true }],
    ['auto_reorder_inventory(quantity: 500)', { multiplier: null, quantity: 500, urgent: null }],
    ['auto_reorder_inventory(multiplier: 150%, quantity: 24, urgent: false)', { multiplier: 1.5, quantity: 24, urgent: false }],
    ['auto_reorder_inventory()', { multiplier: null, quantity: null, urgent: null }],
  ])('%s → %j', (action, reorder) => {
    expect(decide([['', action]]).reorder).toEqual(reorder);
  });

  test('from the first fired auto_reorder_inventory only', () => {
    expect(
      decide([
        ['priority 20', 'auto_reorder_inventory(multiplier: 3, quantity: 100, urgent: true)'],
        ['priority 80', 'auto_reorder_inventory(multiplier: 1.2)'],
      ]).reorder,
    ).toEqual({ multiplier: 1.2, quantity: null, urgent: null });
  });
});

describe('fast track, tags, holds', () => {
  test('fast_track when any enable_fast_track fired', () => {
    expect(decide([['', 'add_tag(tag: "x")'], ['', 'enable_fast_track()']]).fast_track).toBe(true);
    expect(decide([['', 'add_tag(tag: "x")']]).fast_track).toBe(false);
  });

  test('tags: every add_tag, first occurrence order, no duplicates, case kept', () => {
    const decision = decide([
      ['priority 10', 'add_tag(tag: "low-stock") add_tag(tag: "viral")'],
      ['priority 90', 'add_tag(tag: "viral") add_tag(tag: "vip")'],
      ['priority 50', 'add_tag(tag: "vip") add_tag(tag: "VIP") add_tag(tag: "rush")'],
    ]);
    expect(decision.tags).toEqual(['viral', 'vip', 'VIP', 'rush', 'low-stock']);
  });

  test('the facts\u2019 own tags are not part of the decision', () => {
    expect(decide([['', 'add_tag(tag: "new")']], { ...order, tags: ['old'] }).tags).toEqual(['new']);
  });

  test('hold_ms: the longest fired hold', () => {
    expect(decide([['', 'hold(duration: 30m)'], ['', 'hold(duration: 2h)'], ['', 'hold(duration: 45s)']]).hold_ms).toBe(2 * 3_600_000);
    expect(decide([['', 'hold(duration: 1d)']]).hold_ms).toBe(86_400_000);
    expect(decide([['', 'hold(duration: 500ms)']]).hold_ms).toBe(500);
    expect(decide([['', 'add_tag(tag: "x")']]).hold_ms).toBe(0);
  });

  test('actions with no decision field change nothing in it', () => {
    expect(decide([['', 'notify_team(channel: "ops", message: "heads up") send_customer_notification(template: "order_confirmed")']])).toEqual(nothingFired);
  });
});

describe('only fired actions count', () => {
  test('not matched, unknown, disabled, not valid, rate limited and stopped rules contribute nothing', () => {
    const source = `
rule "Unknown" priority 100 when deadline - now < 4h then escalate_priority(priority: "high") end
rule "No" priority 95 when price > 1000 then escalate_to_manual(reason: "expensive") end
rule "Off" priority 90 enabled false when true then enable_fast_track() end
rule "Later" priority 85 valid from 2030-01-01 when true then hold(duration: 1h) end
rule "Limited" priority 80 limit 1 per day when true then route_to(queue: "fully_automated") end
rule "Viral" priority 70 when orders_per_hour > 40 and velocity_increase > 300% then
  escalate_priority(priority: "urgent", impact: "VIRAL")
  auto_reorder_inventory(multiplier: 2.5, urgent: true)
  add_tag(tag: "viral")
  stop
end
rule "After stop" priority 10 when true then select_carrier(carrier: "ups") add_tag(tag: "late") end
`;
    const rules = compileRules(source);
    rules.evaluate(order, { now: NOW }); // uses up "limited"
    const result = rules.evaluate(order, { now: NOW });
    expect(result.matched).toEqual(['viral']);
    expect(result.decision).toEqual({
      ...nothingFired,
      priority: 'urgent',
      impact: 'VIRAL',
      queue: 'high_value',
      tags: ['viral'],
      reorder: { multiplier: 2.5, quantity: null, urgent: true },
    });
  });

  test('mode first: the decision comes from the first matching rule alone', () => {
    const rules = compileRules(`mode first
rule "Viral" priority 90 when orders_per_hour > 40 then escalate_priority(priority: "high") add_tag(tag: "viral") end
rule "Default" priority 10 when true then route_to(queue: "fully_automated") add_tag(tag: "default") end`);
    expect(rules.evaluate(order, { now: NOW }).decision).toMatchObject({ priority: 'high', queue: 'viral_priority', tags: ['viral'] });
    expect(rules.evaluate({ ...order, orders_per_hour: 5 }, { now: NOW }).decision).toMatchObject({ priority: 'standard', queue: 'fully_automated', tags: ['default'] });
  });
});

test('a full decision for a realistic viral VIP order', () => {
  const rules = compileRules(`
rule "Viral Content Spike Detection" id "viral-001" priority 95
when
  orders_per_hour > 40 and velocity_increase > 300%
then
  escalate_priority(priority: "high", impact: "VIRAL")
  auto_reorder_inventory(multiplier: 2.5, urgent: true)
  enable_fast_track()
  add_tag(tag: "viral")
end

rule "VIP customers are urgent" id "vip-001" priority 85
when
  customer_tier = "vip"
then
  escalate_priority(priority: "urgent", impact: "HIGH")
  select_carrier(carrier: "ups", service_level: "expedited")
  send_customer_notification(template: "vip_order_confirmed")
end

rule "Low stock" id "stock-001" priority 80
when
  stock_hours_remaining < 12
then
  auto_reorder_inventory(quantity: 200)
  add_tag(tag: "low-stock")
  add_tag(tag: "viral")
  hold(duration: 30m)
end
`);
  const result = rules.evaluate({ ...order, customer_tier: 'vip' }, { now: NOW });
  expect(result.matched).toEqual(['viral-001', 'vip-001', 'stock-001']);
  expect(result.actions.map((a) => `${a.rule}:${a.type}`)).toEqual([
    'viral-001:escalate_priority',
    'viral-001:auto_reorder_inventory',
    'viral-001:enable_fast_track',
    'viral-001:add_tag',
    'vip-001:escalate_priority',
    'vip-001:select_carrier',
    'vip-001:send_customer_notification',
    'stock-001:auto_reorder_inventory',
    'stock-001:add_tag',
    'stock-001:add_tag',
    'stock-001:hold',
  ]);
  expect(result.decision).toEqual({
    priority: 'high',
    impact: 'VIRAL',
    queue: 'viral_priority',
    manual_review: false,
    reasons: [],
    carrier: 'ups',
    service_level: 'expedited',
    fast_track: true,
    tags: ['viral', 'low-stock'],
    reorder: { multiplier: 2.5, quantity: null, urgent: true },
    hold_ms: 1_800_000,
  });
});
