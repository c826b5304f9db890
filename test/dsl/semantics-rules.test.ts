// Evaluation semantics of rule sets: ids, priority order, enabled, valid, limit, stop, mode,
// the shape of `matched`/`actions`, and the explain trace.
import { compileRules, MemoryLimitStore, type RuleLimitStore } from '../../index';

const NOW = new Date('2025-10-15T12:00:00Z');
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const order = {
  id: 'ord_2001',
  customer_tier: 'vip',
  customer_handle: '@jules.makes',
  price: 180,
  quantity: 2,
  retry_count: 0,
  orders_per_hour: 55,
  velocity_increase: 3.4,
  current_state: 'validated',
  created_at: '2025-10-15T10:00:00Z',
  items: [{ sku: 'CASE-IPH-15', product_id: 'prod_case', product_name: 'Phone Case', quantity: 2, unit_price: 90 }],
};

const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);

/** A one-line rule: `rule "<name>" <attributes> when <condition> then add_tag(tag: "<name>") <extra> end`. */
function rule(name: string, attributes = '', condition = 'true', extra = ''): string {
  return `rule "${name}" ${attributes} when ${condition} then add_tag(tag: "${name}") ${extra} end`;
}

describe('rule ids', () => {
  test.each([
    ['Viral Content Spike Detection', 'viral-content-spike-detection'],
    ['VIP customers are urgent', 'vip-customers-are-urgent'],
    ['  High -- value!! orders  ', 'high-value-orders'],
    ['Stock < 10% (urgent)', 'stock-10-urgent'],
    ['snake_case_name', 'snake-case-name'],
    ['Café №1', 'caf-1'],
    ['Deadline within 4h', 'deadline-within-4h'],
    ['---x---', 'x'],
  ])('the name %p gives the id %p', (name, id) => {
    const rules = compileRules(`rule "${name}" when price > 1 then add_tag(tag: "t") end`);
    expect(rules.rules.map((r) => r.id)).toEqual([id]);
    const result = rules.evaluate(order, { now: NOW });
    expect(result.matched).toEqual([id]);
    expect(result.actions).toEqual([{ rule: id, type: 'add_tag', params: { tag: 't' } }]);
  });

  test('an explicit id is used as given', () => {
    const rules = compileRules(`rule "VIP customers" id "VIP_001" when customer_tier = "vip" then add_tag(tag: "vip") end`);
    const result = rules.evaluate(order, { now: NOW, explain: true });
    expect(result.matched).toEqual(['VIP_001']);
    expect(result.actions[0].rule).toBe('VIP_001');
    expect(result.trace![0].rule).toBe('VIP_001');
  });
});

describe('evaluation order: priority high to low, ties in file order', () => {
  test('matched and actions follow priority, then file order', () => {
    const rules = compileRules(
      [
        rule('low', 'priority 10'),
        rule('high', 'priority 90'),
        rule('default'),
        rule('high again', 'priority 90'),
        rule('top', 'priority 100'),
        rule('bottom', 'priority 0'),
        rule('default again'),
      ].join('\n'),
    );
    const result = rules.evaluate(order, { now: NOW, explain: true });
    const expected = ['top', 'high', 'high-again', 'default', 'default-again', 'low', 'bottom'];
    expect(result.matched).toEqual(expected);
    expect(result.actions.map((a) => a.rule)).toEqual(expected);
    expect(result.trace!.map((t) => t.rule)).toEqual(expected);
    // rules keeps file order
    expect(rules.rules.map((r) => r.id)).toEqual(['low', 'high', 'default', 'high-again', 'top', 'bottom', 'default-again']);
  });

  test('the default priority is 50', () => {
    const rules = compileRules([rule('p49', 'priority 49'), rule('unset'), rule('p51', 'priority 51'), rule('p50', 'priority 50')].join('\n'));
    expect(rules.rules.find((r) => r.id === 'unset')!.priority).toBe(50);
    // unset ties with p50 (file order), and sits between 51 and 49
    expect(rules.evaluate(order, { now: NOW }).matched).toEqual(['p51', 'unset', 'p50', 'p49']);
  });

  test('actions of one rule keep their written order, stop included', () => {
    const rules = compileRules(`rule "A" when true then add_tag(tag: "one") stop enable_fast_track() hold(duration: 15m) end`);
    expect(rules.evaluate(order, { now: NOW }).actions).toEqual([
      { rule: 'a', type: 'add_tag', params: { tag: 'one' } },
      { rule: 'a', type: 'stop', params: {} },
      { rule: 'a', type: 'enable_fast_track', params: {} },
      { rule: 'a', type: 'hold', params: { duration: 15 * MINUTE } },
    ]);
  });

  test('action parameters are the literal values (durations in ms, percentages as fractions)', () => {
    const rules = compileRules(
      `rule "Reorder" when true then
         auto_reorder_inventory(multiplier: 250%, quantity: 12, urgent: false)
         notify_team(channel: "ops", message: "say \\"hi\\" \\\\ bye")
         hold(duration: 1.5h)
       end`,
    );
    expect(rules.evaluate(order, { now: NOW }).actions.map((a) => a.params)).toEqual([
      { multiplier: 2.5, quantity: 12, urgent: false },
      { channel: 'ops', message: 'say "hi" \\ bye' },
      { duration: 90 * MINUTE },
    ]);
  });

  test('only rules whose condition is true fire; their actions only', () => {
    const rules = compileRules(
      [
        rule('vip', '', 'customer_tier = "vip"'),
        rule('new', '', 'customer_tier = "new"'),
        rule('unknown', '', 'deadline - now < 4h'),
        rule('big', '', 'price >= 100'),
      ].join('\n'),
    );
    const result = rules.evaluate(order, { now: NOW });
    expect(result.matched).toEqual(['vip', 'big']);
    expect(result.actions.map((a) => a.params.tag)).toEqual(['vip', 'big']);
  });
});

describe('enabled', () => {
  test('a disabled rule never fires; enabled true is the default', () => {
    const rules = compileRules([rule('off', 'enabled false'), rule('on', 'enabled true'), rule('plain')].join('\n'));
    const result = rules.evaluate(order, { now: NOW, explain: true });
    expect(result.matched).toEqual(['on', 'plain']);
    expect(result.trace!.map((t) => [t.rule, t.status])).toEqual([
      ['off', 'disabled'],
      ['on', 'fired'],
      ['plain', 'fired'],
    ]);
    expect(result.trace![0].predicates).toEqual([]);
    expect(rules.rules.map((r) => r.enabled)).toEqual([false, true, true]);
  });

  test('a disabled rule with stop does not stop anything', () => {
    const rules = compileRules([rule('off', 'enabled false priority 90', 'true', 'stop'), rule('on')].join('\n'));
    expect(rules.evaluate(order, { now: NOW }).matched).toEqual(['on']);
  });
});

describe('valid from D until D: from <= now < until', () => {
  const both = compileRules(rule('Autumn sale', 'valid from 2025-09-01 until 2025-12-01'));
  const fromOnly = compileRules(rule('Launch', 'valid from 2025-10-15T12:00:00Z'));
  const untilOnly = compileRules(rule('Legacy', 'valid until 2025-10-15T12:00:00Z'));
  const offset = compileRules(rule('Berlin morning', 'valid from 2025-10-15T08:00:00+02:00 until 2025-10-15T10:00:00+02:00'));

  test.each([
    ['2025-08-31T23:59:59.999Z', both, false],
    ['2025-09-01T00:00:00Z', both, true],
    ['2025-10-15T12:00:00Z', both, true],
    ['2025-11-30T23:59:59.999Z', both, true],
    ['2025-12-01T00:00:00Z', both, false],
    ['2026-01-01T00:00:00Z', both, false],
    ['2025-10-15T11:59:59.999Z', fromOnly, false],
    ['2025-10-15T12:00:00Z', fromOnly, true],
    ['2099-01-01T00:00:00Z', fromOnly, true],
    ['2000-01-01T00:00:00Z', untilOnly, true],
    ['2025-10-15T11:59:59.999Z', untilOnly, true],
    ['2025-10-15T12:00:00Z', untilOnly, false],
    ['2025-10-15T05:59:59Z', offset, false],
    ['2025-10-15T06:00:00Z', offset, true],
    ['2025-10-15T07:59:59Z', offset, true],
    ['2025-10-15T08:00:00Z', offset, false],
  ])('at %s → fires: %p', (now, rules, fires) => {
    const result = rules.evaluate(order, { now: new Date(now), explain: true });
    expect(result.matched.length).toBe(fires ? 1 : 0);
    expect(result.trace![0].status).toBe(fires ? 'fired' : 'not_valid');
    if (!fires) expect(result.trace![0].predicates).toEqual([]);
  });

  test('rule info reports the bounds', () => {
    expect(both.rules[0]).toMatchObject({ valid_from: '2025-09-01T00:00:00.000Z', valid_until: '2025-12-01T00:00:00.000Z' });
    expect(fromOnly.rules[0]).toMatchObject({ valid_from: '2025-10-15T12:00:00.000Z', valid_until: null });
    expect(offset.rules[0]).toMatchObject({ valid_from: '2025-10-15T06:00:00.000Z' });
  });

  test('a disabled rule outside its window is reported as disabled', () => {
    const rules = compileRules(rule('Old promo', 'enabled false valid until 2020-01-01'));
    expect(rules.evaluate(order, { now: NOW, explain: true }).trace![0].status).toBe('disabled');
  });

  test('valid is judged at the evaluate time, not the clock', () => {
    const future = compileRules(rule('Next year', 'valid from 2099-01-01'));
    expect(future.evaluate(order).matched).toEqual([]);
    expect(future.evaluate(order, { now: new Date('2099-06-01T00:00:00Z') }).matched).toEqual(['next-year']);
  });
});

describe('limit N per minute|hour|day: a sliding window per compiled rule set', () => {
  const fires = (rules: ReturnType<typeof compileRules>, offsetMs: number, facts: object = order) =>
    rules.evaluate(facts, { now: at(offsetMs) }).matched.includes('limited');

  test('at most N firings in any sliding minute', () => {
    const rules = compileRules(rule('Limited', 'limit 2 per minute'));
    expect(fires(rules, 0)).toBe(true);
    expect(fires(rules, 10 * SECOND)).toBe(true);
    expect(fires(rules, 20 * SECOND)).toBe(false);
    expect(fires(rules, 59 * SECOND)).toBe(false);
    // the firing at 0 leaves the window (now - 1m, now] at exactly 1m
    expect(fires(rules, 60 * SECOND)).toBe(true);
    // window (1s, 61s]: firings at 10s and 60s
    expect(fires(rules, 61 * SECOND)).toBe(false);
    expect(fires(rules, 70 * SECOND)).toBe(true);
  });

  test.each([
    ['hour', HOUR],
    ['day', DAY],
  ])('per %s', (unit, windowMs) => {
    const rules = compileRules(rule('Limited', `limit 1 per ${unit}`));
    expect(fires(rules, 0)).toBe(true);
    expect(fires(rules, windowMs - 1)).toBe(false);
    expect(fires(rules, windowMs)).toBe(true);
    expect(fires(rules, windowMs + 1)).toBe(false);
    expect(rules.rules[0].limit).toEqual({ count: 1, per: unit });
  });

  test('evaluations where the condition is not true do not count', () => {
    const rules = compileRules(rule('Limited', 'limit 1 per hour', 'price > 100'));
    expect(fires(rules, 0, { ...order, price: 50 })).toBe(false);
    expect(fires(rules, 1, { ...order, price: null })).toBe(false);
    expect(fires(rules, 2)).toBe(true);
    expect(fires(rules, 3)).toBe(false);
  });

  test('a rate-limited rule behaves as not matching: no actions, no stop, traced as rate_limited', () => {
    const rules = compileRules([rule('Limited', 'priority 90 limit 1 per hour', 'true', 'stop'), rule('Next')].join('\n'));
    const first = rules.evaluate(order, { now: NOW, explain: true });
    expect(first.matched).toEqual(['limited']);
    expect(first.trace!.map((t) => t.status)).toEqual(['fired', 'not_reached']);

    const second = rules.evaluate(order, { now: at(MINUTE), explain: true });
    expect(second.matched).toEqual(['next']);
    expect(second.actions.map((a) => a.rule)).toEqual(['next']);
    expect(second.decision.tags).toEqual(['Next']);
    expect(second.trace!.map((t) => [t.rule, t.status])).toEqual([
      ['limited', 'rate_limited'],
      ['next', 'fired'],
    ]);
    // the condition was evaluated and traced
    expect(second.trace![0].predicates).toHaveLength(1);
  });

  test('in mode first, the next matching rule gets its chance', () => {
    const rules = compileRules(['mode first', rule('Limited', 'priority 90 limit 1 per day'), rule('Fallback')].join('\n'));
    expect(rules.evaluate(order, { now: NOW }).matched).toEqual(['limited']);
    expect(rules.evaluate(order, { now: at(1) }).matched).toEqual(['fallback']);
  });

  test('counts belong to one compiled rule set', () => {
    const source = rule('Limited', 'limit 1 per hour');
    const a = compileRules(source);
    const b = compileRules(source);
    expect(fires(a, 0)).toBe(true);
    expect(fires(a, 1)).toBe(false);
    expect(fires(b, 2)).toBe(true);
  });

  test('each limited rule has its own count', () => {
    const rules = compileRules([rule('Limited', 'limit 1 per hour'), rule('Other limited', 'limit 1 per hour')].join('\n'));
    expect(rules.evaluate(order, { now: NOW }).matched).toEqual(['limited', 'other-limited']);
    expect(rules.evaluate(order, { now: at(1) }).matched).toEqual([]);
  });

  test('evaluate accepts a limitStore, asked with the rule id, N, the window and now', () => {
    const calls: [string, number, number, number][] = [];
    let allow = true;
    const store: RuleLimitStore = {
      tryAcquire(key, limit, windowMs, now) {
        calls.push([key, limit, windowMs, now]);
        return allow;
      },
    };
    const rules = compileRules([rule('Limited', 'limit 3 per minute'), rule('Unlimited'), rule('Never', 'limit 1 per day', 'false')].join('\n'));
    expect(rules.evaluate(order, { now: NOW, limitStore: store }).matched).toEqual(['limited', 'unlimited']);
    allow = false;
    expect(rules.evaluate(order, { now: at(5), limitStore: store }).matched).toEqual(['unlimited']);
    // only firing limited rules ask the store
    expect(calls).toEqual([
      ['limited', 3, MINUTE, NOW.getTime()],
      ['limited', 3, MINUTE, NOW.getTime() + 5],
    ]);
    // the rule set's own store was not used
    expect(rules.evaluate(order, { now: at(6) }).matched).toEqual(['limited', 'unlimited']);
  });

  test('a shared MemoryLimitStore shares counts between rule sets', () => {
    const store = new MemoryLimitStore();
    const a = compileRules(rule('Limited', 'limit 1 per hour'));
    const b = compileRules(rule('Limited', 'limit 1 per hour'));
    expect(a.evaluate(order, { now: NOW, limitStore: store }).matched).toEqual(['limited']);
    expect(b.evaluate(order, { now: at(1), limitStore: store }).matched).toEqual([]);
    expect(b.evaluate(order, { now: at(HOUR), limitStore: store }).matched).toEqual(['limited']);
  });
});

describe('stop', () => {
  test('no rule after a fired stop fires; rules before it have fired', () => {
    const rules = compileRules([rule('Low', 'priority 10'), rule('Stopper', 'priority 50', 'true', 'stop'), rule('High', 'priority 90')].join('\n'));
    const result = rules.evaluate(order, { now: NOW, explain: true });
    expect(result.matched).toEqual(['high', 'stopper']);
    expect(result.actions).toEqual([
      { rule: 'high', type: 'add_tag', params: { tag: 'High' } },
      { rule: 'stopper', type: 'add_tag', params: { tag: 'Stopper' } },
      { rule: 'stopper', type: 'stop', params: {} },
    ]);
    expect(result.decision.tags).toEqual(['High', 'Stopper']);
    expect(result.trace!.map((t) => [t.rule, t.status, t.predicates.length])).toEqual([
      ['high', 'fired', 1],
      ['stopper', 'fired', 1],
      ['low', 'not_reached', 0],
    ]);
  });

  test('a stop rule that does not fire stops nothing', () => {
    const rules = compileRules([rule('Stopper', 'priority 90', 'retry_count >= 3', 'stop'), rule('Low', 'priority 10')].join('\n'));
    expect(rules.evaluate(order, { now: NOW }).matched).toEqual(['low']);
    expect(rules.evaluate({ ...order, retry_count: 3 }, { now: NOW }).matched).toEqual(['stopper']);
    // unknown is not firing either
    expect(rules.evaluate({ ...order, retry_count: null }, { now: NOW }).matched).toEqual(['low']);
  });

  test('a later rule of the same priority comes after the stop and does not fire', () => {
    const rules = compileRules([rule('First', 'priority 60', 'true', 'stop'), rule('Second', 'priority 60')].join('\n'));
    expect(rules.evaluate(order, { now: NOW }).matched).toEqual(['first']);
  });
});

describe('mode', () => {
  const body = [rule('High', 'priority 90', 'price > 500'), rule('Mid', 'priority 50', 'customer_tier = "vip"'), rule('Low', 'priority 10', 'price > 100')];

  test('mode all (the default): every matching rule fires', () => {
    for (const source of [body.join('\n'), ['mode all', ...body].join('\n')]) {
      const rules = compileRules(source);
      expect(rules.mode).toBe('all');
      expect(rules.evaluate(order, { now: NOW }).matched).toEqual(['mid', 'low']);
    }
  });

  test('mode first: only the first matching rule fires, the rest are not reached', () => {
    const rules = compileRules(['mode first', ...body].join('\n'));
    expect(rules.mode).toBe('first');
    const result = rules.evaluate(order, { now: NOW, explain: true });
    expect(result.matched).toEqual(['mid']);
    expect(result.actions.map((a) => a.rule)).toEqual(['mid']);
    expect(result.trace!.map((t) => t.status)).toEqual(['not_matched', 'fired', 'not_reached']);
    expect(rules.evaluate({ ...order, price: 600 }, { now: NOW }).matched).toEqual(['high']);
    expect(rules.evaluate({ ...order, customer_tier: 'new' }, { now: NOW }).matched).toEqual(['low']);
    expect(rules.evaluate({ ...order, customer_tier: 'new', price: 20 }, { now: NOW }).matched).toEqual([]);
  });

  test('mode first skips unknown, disabled and not-valid rules', () => {
    const rules = compileRules(
      ['mode first', rule('Unknown', 'priority 90', 'deadline - now < 4h'), rule('Off', 'priority 80 enabled false'), rule('Later', 'priority 70 valid from 2030-01-01'), rule('Fallback')].join('\n'),
    );
    expect(rules.evaluate(order, { now: NOW }).matched).toEqual(['fallback']);
  });
});

describe('explain', () => {
  const source = `mode all
rule "Fires" priority 100 when customer_tier = "vip" then add_tag(tag: "vip") end
rule "No match" priority 90
when
  price < 50 or quantity > 10
then
  add_tag(tag: "cheap")
end
rule "Unknown" priority 80 when deadline - now < 4h then add_tag(tag: "rush") end
rule "Off" priority 70 enabled false when true then add_tag(tag: "off") end
rule "Later" priority 60 valid from 2030-01-01 when true then add_tag(tag: "later") end
rule "Limited" priority 55 limit 1 per hour when true then add_tag(tag: "limited") end
rule "Stopper" priority 50 when any item in items where (item.quantity > 1) then stop end
rule "After" priority 40 when true then add_tag(tag: "after") end
`;

  test('no trace without explain', () => {
    const rules = compileRules(source);
    expect('trace' in rules.evaluate(order, { now: NOW })).toBe(false);
    expect('trace' in rules.evaluate(order, { now: NOW, explain: false })).toBe(false);
    expect(Object.keys(rules.evaluate(order, { now: NOW })).sort()).toEqual(['actions', 'decision', 'matched']);
  });

  test('every rule is traced in evaluation order with its status', () => {
    const rules = compileRules(source);
    rules.evaluate(order, { now: at(-1) }); // uses up "limited"
    const result = rules.evaluate(order, { now: NOW, explain: true });
    expect(result.trace!.map((t) => [t.rule, t.status])).toEqual([
      ['fires', 'fired'],
      ['no-match', 'not_matched'],
      ['unknown', 'unknown'],
      ['off', 'disabled'],
      ['later', 'not_valid'],
      ['limited', 'rate_limited'],
      ['stopper', 'fired'],
      ['after', 'not_reached'],
    ]);
    expect(result.matched).toEqual(['fires', 'stopper']);
  });

  test('predicates carry their text, position, values and outcome', () => {
    const rules = compileRules(source);
    const trace = rules.evaluate(order, { now: NOW, explain: true }).trace!;
    expect(trace[0].predicates).toEqual([{ predicate: 'customer_tier = "vip"', line: 2, column: 32, values: ['vip', 'vip'], outcome: true }]);
    expect(trace[1].predicates).toEqual([
      { predicate: 'price < 50', line: 5, column: 3, values: [180, 50], outcome: false },
      { predicate: 'quantity > 10', line: 5, column: 17, values: [2, 10], outcome: false },
    ]);
    expect(trace[2].predicates).toEqual([{ predicate: 'deadline - now < 4h', line: 9, column: 33, values: [undefined, 4 * HOUR], outcome: 'unknown' }]);
    // quantifiers trace their where condition for each item they look at
    expect(trace[6].predicates).toEqual([{ predicate: 'item.quantity > 1', line: 13, column: 58, values: [2, 1], outcome: true }]);
    // rules that are not tried have no predicates
    expect(trace.filter((t) => t.predicates.length === 0).map((t) => t.status)).toEqual(['disabled', 'not_valid', 'not_reached']);
  });

  test('timestamps are traced as epoch milliseconds', () => {
    const rules = compileRules('rule "Old" when created_at < now - 1h then add_tag(tag: "old") end');
    const [predicate] = rules.evaluate(order, { now: NOW, explain: true }).trace![0].predicates;
    expect(predicate).toMatchObject({ predicate: 'created_at < now - 1h', values: [Date.parse(order.created_at), NOW.getTime() - HOUR], outcome: true });
  });

  test('only evaluated predicates are traced: and/or stop early, quantifiers stop at the deciding item', () => {
    const rules = compileRules(
      `rule "A" when customer_tier = "new" and price > 100 then add_tag(tag: "a") end
rule "B" when customer_tier = "vip" or price > 100 then add_tag(tag: "b") end
rule "C" when all n in [1, 2, 3, 4] where (n < 3) then add_tag(tag: "c") end`,
    );
    const trace = rules.evaluate(order, { now: NOW, explain: true }).trace!;
    expect(trace[0].predicates.map((p) => p.predicate)).toEqual(['customer_tier = "new"']);
    expect(trace[1].predicates.map((p) => p.predicate)).toEqual(['customer_tier = "vip"']);
    expect(trace[2].predicates.map((p) => [p.values[0], p.outcome])).toEqual([
      [1, true],
      [2, true],
      [3, false],
    ]);
    expect(trace[2].status).toBe('not_matched');
  });

  test('explain does not change the result', () => {
    const facts = [order, { ...order, customer_tier: 'new', price: 20 }, { ...order, deadline: '2025-10-15T13:00:00Z', items: [] }];
    for (const f of facts) {
      const plain = compileRules(source).evaluate(f, { now: NOW });
      const explained = compileRules(source).evaluate(f, { now: NOW, explain: true });
      const { trace, ...rest } = explained;
      expect(trace).toBeDefined();
      expect(rest).toEqual(plain);
    }
  });
});
