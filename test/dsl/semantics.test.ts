// Evaluation semantics of conditions: precedence, predicates, quantifiers, functions, literals,
// timestamp arithmetic, three-valued logic and the untyped (`schema: 'none'`) coercions.
//
// `truth(condition, facts)` answers true / false / 'unknown' by compiling two rules, one on
// `(condition)` and one on `not (condition)`: exactly one fires when the condition is true or
// false, neither when it is unknown. It also checks that the explain trace reports the same
// status and that evaluation with and without explain (two separately compiled closure sets) agree.
import { compileRules, orderFactsSchema, type CompiledRuleSet } from '../../index';

type Outcome = true | false | 'unknown';
type Facts = Record<string, unknown>;

const NOW = new Date('2025-10-15T12:00:00Z');
const HOUR = 3_600_000;

/** A realistic order (it satisfies the order facts schema, checked below). */
const order = {
  id: 'ord_1042',
  tiktok_order_id: '577104200123',
  shop_id: 'shop_glowlab',
  current_state: 'validated',
  priority: 'standard',
  impact: 'MED',
  automation_status: 'Processing',
  customer_handle: '@maya.creates',
  customer_tier: 'regular',
  customer_order_count: 4,
  product_id: 'prod_hoodie',
  product_name: 'Glow Hoodie',
  sku: 'HOOD-BLK-M',
  quantity: 3,
  price: 72.5,
  currency: 'USD',
  items: [
    { sku: 'HOOD-BLK-M', product_id: 'prod_hoodie', product_name: 'Glow Hoodie', quantity: 2, unit_price: 30 },
    { sku: 'CASE-IPH-15', product_id: 'prod_case', product_name: 'Phone Case', quantity: 1, unit_price: 12.5 },
  ],
  shipping_location: 'Austin, TX',
  shipping_country: 'US',
  shipping_zone: 'zone_4',
  postal_code: '78701',
  carrier_preference: 'ups',
  created_at: '2025-10-15T09:00:00Z',
  deadline: '2025-10-15T15:00:00Z',
  processing_time_ms: 1200,
  automation_score: 82,
  flow_progress: 40,
  retry_count: 0,
  orders_per_hour: 12,
  baseline_orders_per_hour: 10,
  velocity_multiplier: 1.2,
  velocity_increase: 0.2,
  viral_confidence: 0.35,
  viral_indicators: [
    { type: 'hashtag_trending', source: 'tiktok', confidence: 0.6, impact_multiplier: 1.5 },
    { type: 'influencer_mention', source: '@bigcreator', confidence: 0.9, impact_multiplier: 3 },
  ],
  hashtags: ['fyp', 'GlowUp'],
  tags: ['repeat-buyer'],
  stock_available: 40,
  stock_hours_remaining: 30,
};

/** The order with some fields replaced (a value of `undefined` removes the field). */
function orderWith(overrides: Facts): Facts {
  const facts: Facts = { ...order, ...overrides };
  for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete facts[key];
  return facts;
}

const compiled = new Map<string, CompiledRuleSet>();

function truth(condition: string, facts: Facts = order, schema: 'order' | 'none' = 'order'): Outcome {
  const key = `${schema}\n${condition}`;
  let rules = compiled.get(key);
  if (!rules) {
    rules = compileRules(
      `rule "holds" when (${condition}) then add_tag(tag: "holds") end\nrule "fails" when not (${condition}) then add_tag(tag: "fails") end`,
      { schema },
    );
    compiled.set(key, rules);
  }
  const explained = rules.evaluate(facts, { now: NOW, explain: true });
  const plain = rules.evaluate(facts, { now: NOW });
  expect(plain.matched).toEqual(explained.matched);
  const holds = explained.matched.includes('holds');
  const fails = explained.matched.includes('fails');
  expect(holds && fails).toBe(false);
  const outcome: Outcome = holds ? true : fails ? false : 'unknown';
  expect(explained.trace?.[0].status).toBe(outcome === true ? 'fired' : outcome === false ? 'not_matched' : 'unknown');
  return outcome;
}

/** The runtime value of an expression, as the explain trace records it. */
function valueOf(expr: string, facts: Facts = order, schema: 'order' | 'none' = 'order'): unknown {
  // `x = x` shows the value as comparisons read it (timestamps as epoch milliseconds).
  const rules = compileRules(`rule "v" when (${expr}) = (${expr}) then add_tag(tag: "v") end`, { schema });
  const trace = rules.evaluate(facts, { now: NOW, explain: true }).trace!;
  return trace[0].predicates[0].values[0];
}

test('the sample order is valid order facts', () => {
  expect(() => orderFactsSchema.parse(order)).not.toThrow();
});

describe('precedence: or < and < not < predicates < + - < * / < unary - < atoms', () => {
  test.each<[string, Outcome]>([
    // and binds tighter than or
    ['true or true and false', true],
    ['false and true or true', true],
    ['(true or true) and false', false],
    ['false and (true or true)', false],
    // not binds tighter than and / or
    ['not false and false', false],
    ['not true or true', true],
    ['not (false and false)', true],
    ['not (true or true)', false],
    ['not not true', true],
    // predicates bind tighter than not: `not price > 100` is `not (price > 100)`
    ['not price > 100', true],
    ['not customer_tier = "regular" and price > 100', false],
    // the `and` of between belongs to between; a following `and` is a conjunction
    ['price between 70 and 80 and quantity = 3', true],
    ['price between 70 and 80 and quantity = 4', false],
    ['false and price between 1 and 100', false],
    // arithmetic binds tighter than predicates
    ['price + 30 > 100', true],
    ['price - 30 < 50', true],
    ['quantity * 2 between 6 and 6', true],
    ['quantity * 2 in [6]', true],
    // * / bind tighter than + -
    ['2 + 3 * 4 = 14', true],
    ['2 * 3 + 4 = 10', true],
    ['(2 + 3) * 4 = 20', true],
    ['20 - 12 / 4 = 17', true],
    // left-associative
    ['10 - 4 - 3 = 3', true],
    ['10 - (4 - 3) = 9', true],
    ['24 / 4 / 2 = 3', true],
    ['12 / 4 * 3 = 9', true],
    // unary minus binds tighter than + -, and nests
    ['-2 + 3 = 1', true],
    ['-price + 100 = 27.5', true],
    ['-(2 + 3) = -5', true],
    ['2 - -3 = 5', true],
    ['- -3 = 3', true],
    ['-quantity * 2 = -6', true],
  ])('%s → %p', (condition, expected) => {
    expect(truth(condition)).toBe(expected);
  });

  test('unary minus binds tighter than * (the trace prints the parsed structure)', () => {
    const rules = compileRules('rule "neg" when -quantity * 2 < 0 then add_tag(tag: "x") end');
    const [predicate] = rules.evaluate(order, { now: NOW, explain: true }).trace![0].predicates;
    expect(predicate.predicate).toBe('-quantity * 2 < 0');
    expect(predicate.values).toEqual([-6, 0]);
  });
});

describe('comparisons', () => {
  test.each<[string, Outcome]>([
    ['price = 72.5', true],
    ['price == 72.5', true],
    ['price = 72', false],
    ['price != 72.5', false],
    ['price != 72', true],
    ['price > 72', true],
    ['price > 72.5', false],
    ['price >= 72.5', true],
    ['price >= 73', false],
    ['price < 73', true],
    ['price < 72.5', false],
    ['price <= 72.5', true],
    ['price <= 72', false],
    ['quantity = 3', true],
    ['customer_tier = "regular"', true],
    ['customer_tier == "vip"', false],
    ['customer_tier != "vip"', true],
    // = and != are exact: case-sensitive
    ['customer_handle = "@maya.creates"', true],
    ['customer_handle = "@Maya.Creates"', false],
    ['customer_handle != "@Maya.Creates"', true],
    ['sku = "hood-blk-m"', false],
    ['automation_status = "Processing"', true],
    // strings order lexically
    ['shipping_country < "VA"', true],
    ['shipping_country > "US"', false],
    ['shipping_country >= "US"', true],
    // fields against fields
    ['baseline_orders_per_hour < orders_per_hour', true],
    ['created_at < deadline', true],
    ['created_at = deadline', false],
    // lists compare item by item, in order
    ['hashtags = ["fyp", "GlowUp"]', true],
    ['hashtags = ["GlowUp", "fyp"]', false],
    ['hashtags = ["fyp"]', false],
    ['items.quantity = [2, 1]', true],
    // conditions as values
    ['(price > 10) = true', true],
    ['(price > 10) = false', false],
    ['(price > 100) != true', true],
  ])('%s → %p', (condition, expected) => {
    expect(truth(condition)).toBe(expected);
  });
});

describe('x between a and b (inclusive)', () => {
  test.each<[string, Outcome]>([
    ['price between 70 and 80', true],
    ['price between 72.5 and 80', true],
    ['price between 60 and 72.5', true],
    ['price between 72.5 and 72.5', true],
    ['price between 72.6 and 80', false],
    ['price between 10 and 72.4', false],
    ['quantity between -1 and 3', true],
    ['viral_confidence between 30% and 40%', true],
    ['created_at between 2025-10-15 and 2025-10-16', true],
    ['created_at between 2025-10-15T09:00:00Z and 2025-10-15T09:00:00Z', true],
    ['created_at between 2025-10-15T09:00:01Z and 2025-10-16', false],
    ['deadline - now between 2h and 3h', true],
    ['deadline - now between 3h and 4h', true],
    ['deadline - now between 1h and 179m', false],
    ['len(sku) between 10 and 10', true],
    ['customer_handle between "@a" and "@n"', true],
  ])('%s → %p', (condition, expected) => {
    expect(truth(condition)).toBe(expected);
  });

  test('a missing subject is unknown', () => {
    expect(truth('stock_available between 0 and 100', orderWith({ stock_available: undefined }))).toBe('unknown');
    expect(truth('stock_available between 0 and 100', orderWith({ stock_available: null }))).toBe('unknown');
  });

  test('a missing bound is unknown, even where the other bound alone would decide', () => {
    const noStock = orderWith({ stock_available: undefined });
    expect(truth('price between stock_available and 10', noStock)).toBe('unknown');
    expect(truth('price between 100 and stock_available', noStock)).toBe('unknown');
    expect(truth('price between stock_available and 100', noStock)).toBe('unknown');
  });
});

describe('x in [...] / x not in [...]: exact membership', () => {
  test.each<[string, Outcome]>([
    ['customer_tier in ["vip", "regular"]', true],
    ['customer_tier in ["vip", "new"]', false],
    ['customer_tier not in ["vip", "new"]', true],
    ['customer_tier not in ["regular"]', false],
    ['current_state not in ["shipped", "delivered", "cancelled"]', true],
    ['shipping_country in ["US", "CA"]', true],
    ['shipping_country in ["us", "ca"]', false],
    ['shipping_country not in ["us"]', true],
    ['quantity in [1, 2, 3]', true],
    ['quantity in [1, 2]', false],
    ['price in [72.5]', true],
    ['created_at in [2025-10-15T09:00:00Z, 2025-10-16]', true],
    ['created_at in [2025-10-15]', false],
    // the list may be a list field, or a projection
    ['"fyp" in hashtags', true],
    ['"FYP" in hashtags', false],
    ['"glowup" not in hashtags', true],
    ['sku in items.sku', true],
    ['"CASE-IPH" in items.sku', false],
    ['2 in items.quantity', true],
    ['viral_indicators.type contains "flash_sale"', false],
    // empty lists
    ['price in []', false],
    ['price not in []', true],
  ])('%s → %p', (condition, expected) => {
    expect(truth(condition)).toBe(expected);
  });

  test.each([
    ['shipping_zone in ["zone_4"]'],
    ['shipping_zone not in ["zone_4"]'],
    ['shipping_zone in []'],
    ['shipping_zone not in []'],
  ])('a missing subject is unknown: %s', (condition) => {
    expect(truth(condition, orderWith({ shipping_zone: undefined }))).toBe('unknown');
    expect(truth(condition, orderWith({ shipping_zone: null }))).toBe('unknown');
  });

  test('a missing list is unknown', () => {
    expect(truth('"fyp" in hashtags', orderWith({ hashtags: undefined }))).toBe('unknown');
    expect(truth('"fyp" not in hashtags', orderWith({ hashtags: null }))).toBe('unknown');
  });
});

describe('contains / starts with / ends with', () => {
  test.each<[string, Outcome]>([
    // strings: substring / prefix / suffix, ignoring case
    ['product_name contains "hood"', true],
    ['product_name contains "HOODIE"', true],
    ['product_name contains "w h"', true],
    ['product_name contains "jacket"', false],
    ['sku starts with "HOOD-"', true],
    ['sku starts with "hood-blk"', true],
    ['sku starts with "BLK"', false],
    ['sku ends with "-m"', true],
    ['sku ends with "BLK-M"', true],
    ['sku ends with "HOOD"', false],
    ['customer_handle starts with "@MAYA"', true],
    ['customer_tier starts with "reg"', true],
    ['current_state ends with "DATED"', true],
    ['lower(product_name) contains upper("glow")', true],
    // lists: exact membership (no substring, no case folding)
    ['hashtags contains "fyp"', true],
    ['hashtags contains "GlowUp"', true],
    ['hashtags contains "FYP"', false],
    ['hashtags contains "fy"', false],
    ['tags contains "repeat-buyer"', true],
    ['items.sku contains "CASE-IPH-15"', true],
    ['items.sku contains "case-iph-15"', false],
    ['items.quantity contains 2', true],
    ['items.quantity contains 5', false],
    ['viral_indicators.type contains "influencer_mention"', true],
  ])('%s → %p', (condition, expected) => {
    expect(truth(condition)).toBe(expected);
  });

  test.each([
    ['shipping_zone contains "4"', { shipping_zone: undefined }],
    ['shipping_zone starts with "zone"', { shipping_zone: null }],
    ['postal_code ends with "01"', { postal_code: undefined }],
    ['tags contains "vip"', { tags: undefined }],
    ['tags contains "vip"', { tags: null }],
    ['sku starts with carrier_preference', { carrier_preference: undefined }],
    ['hashtags contains carrier_preference', { carrier_preference: null }],
  ])('a missing operand is unknown: %s with %j', (condition, overrides) => {
    expect(truth(condition, orderWith(overrides))).toBe('unknown');
  });
});

describe('is missing / is present', () => {
  test.each<[string, Facts, Outcome]>([
    ['deadline is present', {}, true],
    ['deadline is missing', {}, false],
    ['deadline is present', { deadline: undefined }, false],
    ['deadline is missing', { deadline: undefined }, true],
    ['deadline is missing', { deadline: null }, true],
    ['deadline is present', { deadline: null }, false],
    // never unknown: `not` of them is decided too
    ['not (deadline is missing)', { deadline: undefined }, false],
    ['not (deadline is present)', { deadline: null }, true],
    // present values that are "empty" are still present
    ['shipping_zone is present', { shipping_zone: '' }, true],
    // present means "not absent or null": an unreadable timestamp is present, merely not comparable
    ['deadline is present', { deadline: 'next tuesday' }, true],
    ['deadline is missing', { deadline: 'next tuesday' }, false],
    ['retry_count is present', { retry_count: 0 }, true],
    ['tags is present', { tags: [] }, true],
    ['tags is missing', { tags: [] }, false],
    // the classic guard: decided even when the field is missing
    ['deadline is present and deadline - now < 4h', { deadline: undefined }, false],
    ['deadline is missing or deadline - now < 4h', { deadline: undefined }, true],
    ['deadline is present and deadline - now < 4h', {}, true],
  ])('%s with %j → %p', (condition, overrides, expected) => {
    expect(truth(condition, orderWith(overrides))).toBe(expected);
  });

  test('nested paths through missing objects are missing (schema none)', () => {
    expect(truth('customer.address.city is missing', { customer: { name: 'Maya' } }, 'none')).toBe(true);
    expect(truth('customer.address.city is missing', {}, 'none')).toBe(true);
    expect(truth('customer.address.city is missing', { customer: null }, 'none')).toBe(true);
    expect(truth('customer.address.city is present', { customer: { address: { city: 'Austin' } } }, 'none')).toBe(true);
    expect(truth('customer.address.city = "Austin"', { customer: { address: { city: 'Austin' } } }, 'none')).toBe(true);
  });
});

describe('quantifiers', () => {
  const items = (...lines: [sku: string, quantity: number | null][]) =>
    orderWith({
      items: lines.map(([sku, quantity], i) => ({ sku, product_id: `prod_${i}`, product_name: `Product ${i}`, quantity, unit_price: 10 })),
    });
  const casePack = 'any item in items where (item.quantity > 2 and item.sku starts with "CASE-")';

  test.each<[string, Facts, Outcome]>([
    [casePack, items(['CASE-IPH-15', 3]), true],
    [casePack, items(['HOOD-BLK-M', 1], ['CASE-IPH-15', 3]), true],
    [casePack, items(['case-iph-15', 3]), true],
    [casePack, items(['CASE-IPH-15', 2]), false],
    [casePack, items(['HOOD-BLK-M', 5]), false],
    // both conditions must hold for the same item
    [casePack, items(['CASE-IPH-15', 1], ['HOOD-BLK-M', 5]), false],
    [casePack, items(), false],
  ])('%s over %j → %p', (condition, facts, expected) => {
    expect(truth(condition, facts)).toBe(expected);
  });

  test.each<[string, Outcome]>([
    ['any item in items where (item.quantity > 1)', true],
    ['any item in items where (item.quantity > 2)', false],
    ['all item in items where (item.quantity >= 1)', true],
    ['all item in items where (item.quantity >= 2)', false],
    ['none item in items where (item.quantity > 2)', true],
    ['none item in items where (item.quantity > 1)', false],
    ['not any item in items where (item.quantity > 2)', true],
    ['any q in items.quantity where (q = 2)', true],
    ['all p in items.unit_price where (p > 12)', true],
    ['any n in [1, 2, 3] where (n = quantity)', true],
    ['any n in [1, 2] where (n = quantity)', false],
    ['any v in viral_indicators where (v.type = "influencer_mention" and v.confidence > 0.8)', true],
    ['all v in viral_indicators where (v.confidence > 0.8)', false],
    // the where condition may use outer facts
    ['any item in items where (item.sku = sku)', true],
    ['all item in items where (item.quantity <= quantity)', true],
    ['any item in items where (item.unit_price * item.quantity > price)', false],
    // a quantifier is a condition like any other
    ['any item in items where (item.quantity > 1) and customer_tier = "vip"', false],
    ['customer_tier = "vip" or any item in items where (item.quantity > 1)', true],
  ])('%s → %p', (condition, expected) => {
    expect(truth(condition)).toBe(expected);
  });

  test.each<[string, Outcome]>([
    ['any item in items where (item.quantity > 0)', false],
    ['all item in items where (item.quantity > 1000)', true],
    ['none item in items where (item.quantity > 0)', true],
  ])('over an empty list: %s → %p', (condition, expected) => {
    expect(truth(condition, orderWith({ items: [] }))).toBe(expected);
  });

  test.each([['any'], ['all'], ['none']])('%s over a missing list is unknown', (quantifier) => {
    const condition = `${quantifier} item in items where (item.quantity > 0)`;
    expect(truth(condition, orderWith({ items: undefined }))).toBe('unknown');
    expect(truth(condition, orderWith({ items: null }))).toBe('unknown');
  });

  test.each<[string, Facts, Outcome]>([
    // any: true if some item is true; otherwise unknown if some item is unknown
    ['any item in items where (item.quantity > 1)', items(['A', 5], ['B', null]), true],
    ['any item in items where (item.quantity > 1)', items(['A', null], ['B', 5]), true],
    ['any item in items where (item.quantity > 1)', items(['A', 1], ['B', null]), 'unknown'],
    // all: false if some item is false; otherwise unknown if some item is unknown
    ['all item in items where (item.quantity > 1)', items(['A', 0], ['B', null]), false],
    ['all item in items where (item.quantity > 1)', items(['A', null], ['B', 0]), false],
    ['all item in items where (item.quantity > 1)', items(['A', 5], ['B', null]), 'unknown'],
    // none: false if some item is true; otherwise unknown if some item is unknown
    ['none item in items where (item.quantity > 1)', items(['A', 5], ['B', null]), false],
    ['none item in items where (item.quantity > 1)', items(['A', 0], ['B', null]), 'unknown'],
    ['none item in items where (item.quantity > 1)', items(['A', 0], ['B', 1]), true],
    // is missing inside a quantifier is decided
    ['any item in items where (item.quantity is missing)', items(['A', 1], ['B', null]), true],
    ['all item in items where (item.quantity is present)', items(['A', 1], ['B', null]), false],
  ])('three-valued: %s over %j → %p', (condition, facts, expected) => {
    expect(truth(condition, facts)).toBe(expected);
  });

  test('null items are missing values', () => {
    expect(truth('any h in hashtags where (h is missing)', orderWith({ hashtags: ['fyp', null] }))).toBe(true);
    expect(truth('all h in hashtags where (h starts with "f")', orderWith({ hashtags: ['fyp', null] }))).toBe('unknown');
  });

  describe('nesting', () => {
    const sameProductTwice = 'any a in items where (any b in items where (a.product_id = b.product_id and a.sku != b.sku))';
    const line = (sku: string, productId: string, quantity: number) => ({ sku, product_id: productId, product_name: 'P', quantity, unit_price: 10 });

    test.each<[Facts, Outcome]>([
      [orderWith({ items: [line('HOOD-BLK-M', 'prod_hoodie', 1), line('HOOD-BLK-L', 'prod_hoodie', 1)] }), true],
      [orderWith({ items: [line('HOOD-BLK-M', 'prod_hoodie', 1), line('CASE-IPH-15', 'prod_case', 1)] }), false],
      [orderWith({ items: [line('HOOD-BLK-M', 'prod_hoodie', 1)] }), false],
    ])('an inner quantifier sees the outer variable (%#)', (facts, expected) => {
      expect(truth(sameProductTwice, facts)).toBe(expected);
    });

    test.each<[string, Outcome]>([
      // every item has some indicator with a multiplier at least its quantity (3 >= 2, 3 >= 1)
      ['all i in items where (any v in viral_indicators where (v.impact_multiplier >= i.quantity))', true],
      ['all i in items where (any v in viral_indicators where (v.impact_multiplier > i.quantity * 2))', false],
      ['none i in items where (all v in viral_indicators where (v.confidence < i.quantity))', false],
      ['any i in items where (none v in viral_indicators where (v.confidence > i.quantity))', true],
    ])('%s → %p', (condition, expected) => {
      expect(truth(condition)).toBe(expected);
    });

    test('an inner variable shadows an outer one of the same name, and the outer one is back after it', () => {
      // Inside: `item` is a viral indicator. After the inner quantifier: the order item again.
      const condition = 'any item in items where ((any item in viral_indicators where (item.confidence > 0.8)) and item.quantity > 1)';
      expect(truth(condition)).toBe(true);
      expect(truth(condition, orderWith({ items: [order.items[1]] }))).toBe(false);
      expect(truth(condition, orderWith({ viral_indicators: [order.viral_indicators[0]] }))).toBe(false);
    });

    test('the inner list is evaluated with the outer binding of a shadowed name', () => {
      const facts = { lists: [[1, 2], [3]] };
      expect(truth('any x in lists where (any x in x where (x = 3))', facts, 'none')).toBe(true);
      expect(truth('all x in lists where (any x in x where (x < 3))', facts, 'none')).toBe(false);
    });

    test('a variable shadows a fact of the same name only inside its where', () => {
      // `sku` is the fact "HOOD-BLK-M" outside; inside, each item's sku.
      expect(truth('any sku in items.sku where (sku starts with "CASE-")')).toBe(true);
      expect(truth('any sku in items.sku where (sku starts with "CASE-") and sku starts with "HOOD-"')).toBe(true);
      expect(truth('all sku in items.sku where (sku starts with "HOOD-")')).toBe(false);
    });
  });
});

describe('functions', () => {
  test.each<[string, Outcome]>([
    ['count(items) = 2', true],
    ['count(hashtags) = 2', true],
    ['count([]) = 0', true],
    ['count(items.sku) = 2', true],
    ['sum(items.quantity) = 3', true],
    ['sum(items.unit_price) = 42.5', true],
    ['sum([]) = 0', true],
    ['sum([1.5, 2.5, -1]) = 3', true],
    ['min(items.unit_price) = 12.5', true],
    ['max(items.unit_price) = 30', true],
    ['min([3, -2, 7]) = -2', true],
    ['max([3, -2, 7]) = 7', true],
    ['avg(items.unit_price) = 21.25', true],
    ['avg([1, 2]) = 1.5', true],
    ['len(sku) = 10', true],
    ['len("") = 0', true],
    ['len(hashtags) = 2', true],
    ['len([1, 2, 3]) = 3', true],
    ['len(customer_tier) = 7', true],
    ['lower(sku) = "hood-blk-m"', true],
    ['upper(customer_handle) = "@MAYA.CREATES"', true],
    ['lower(sku) = sku', false],
    ['abs(-5) = 5', true],
    ['abs(5) = 5', true],
    ['abs(velocity_increase - 1) = 0.8', true],
    ['abs(2h - 3h) = 1h', true],
    ['abs(created_at - deadline) = 6h', true],
    ['len(lower(product_name)) = 11', true],
    ['sum(items.quantity) * 10 > count(items)', true],
    ['sum(items.unit_price) / count(items) < 25', true],
  ])('%s → %p', (condition, expected) => {
    expect(truth(condition)).toBe(expected);
  });

  test.each<[string, Facts]>([
    ['min([]) = 0', {}],
    ['max([]) = 0', {}],
    ['avg([]) = 0', {}],
    ['count(tags) = 0', { tags: undefined }],
    ['sum(items.quantity) > 0', { items: null }],
    ['len(shipping_zone) > 0', { shipping_zone: undefined }],
    ['lower(postal_code) = "78701"', { postal_code: null }],
    ['upper(postal_code) = "78701"', { postal_code: undefined }],
    ['abs(stock_available) >= 0', { stock_available: null }],
    // a projection with a missing element is not a list of numbers
    ['sum(items.quantity) > 0', { items: [{ sku: 'A', product_id: 'a', product_name: 'A', quantity: null, unit_price: 1 }, order.items[0]] }],
    ['max(items.quantity) > 0', { items: [{ sku: 'A', product_id: 'a', product_name: 'A', unit_price: 1 }, order.items[0]] }],
  ])('missing in, missing out: %s with %j', (condition, overrides) => {
    expect(truth(condition, orderWith(overrides))).toBe('unknown');
  });

  test('min/max/avg of an empty list are missing, sum and count are 0', () => {
    expect(truth('min([]) is missing')).toBe(true);
    expect(truth('max(items.quantity) is missing', orderWith({ items: [] }))).toBe(true);
    expect(truth('avg(items.unit_price) is missing', orderWith({ items: [] }))).toBe(true);
    expect(truth('sum(items.unit_price) = 0 and count(items) = 0', orderWith({ items: [] }))).toBe(true);
  });
});

describe('paths', () => {
  test('a path through a list projects it', () => {
    expect(valueOf('items.quantity')).toEqual([2, 1]);
    expect(valueOf('items.sku')).toEqual(['HOOD-BLK-M', 'CASE-IPH-15']);
    expect(valueOf('viral_indicators.confidence')).toEqual([0.6, 0.9]);
  });

  test('deeper paths follow objects and project through nested lists (schema none)', () => {
    const facts = { shop: { owner: { handle: '@glowlab' } }, shipments: [{ parcel: { weight: 2 } }, { parcel: { weight: 3 } }] };
    expect(valueOf('shop.owner.handle', facts, 'none')).toBe('@glowlab');
    expect(valueOf('shipments.parcel.weight', facts, 'none')).toEqual([2, 3]);
    expect(truth('sum(shipments.parcel.weight) = 5', facts, 'none')).toBe(true);
    expect(truth('shop.owner.name is missing', facts, 'none')).toBe(true);
    // a field of a scalar is missing
    expect(truth('shop.owner.handle.first is missing', facts, 'none')).toBe(true);
  });
});

describe('literals', () => {
  test.each<[string, Outcome]>([
    ['1e3 = 1000', true],
    ['2.5e-1 = 0.25', true],
    ['2.5 * 2 = 5', true],
    ['300% = 3', true],
    ['300% = 300', false],
    ['12.5% = 0.125', true],
    ['50% * 4 = 2', true],
    // strings: \" and \\ escapes
    ['len("a\\"b") = 3', true],
    ['len("\\\\") = 1', true],
    ['"x\\\\y" != "x\\\\\\\\y"', true],
    ['true = true', true],
    ['true = false', false],
    ['[1, 2] = [1, 2]', true],
    ['[1, 2] = [2, 1]', false],
    ['[] = []', true],
    // dates are UTC midnight; date-times may carry an offset
    ['2025-09-01 = 2025-09-01T00:00:00Z', true],
    ['2025-09-01 = 2025-09-01T00:00:01Z', false],
    ['2025-09-01T02:00:00+02:00 = 2025-09-01', true],
    ['2025-08-31T20:00:00-04:00 = 2025-09-01', true],
    ['2025-09-01T12:00Z = 2025-09-01T12:00:00Z', true],
    ['2025-09-01T12:00:00.500Z - 2025-09-01T12:00:00Z = 500ms', true],
    ['2025-09-02 - 2025-09-01 = 1d', true],
    // durations
    ['30s = 30000ms', true],
    ['1m = 60s', true],
    ['15m * 4 = 1h', true],
    ['2h = 120m', true],
    ['1d = 24h', true],
    ['1.5h = 90m', true],
    ['500ms * 2 = 1s', true],
    ['2h > 90m', true],
    ['30m / 2 = 15m', true],
    ['1h / 15m = 4', true],
    ['-1h < 0s', true],
    // now is the evaluation time
    ['now = 2025-10-15T12:00:00Z', true],
    ['now = 2025-10-15', false],
    ['now > 2025-10-15 and now < 2025-10-16', true],
  ])('%s → %p', (condition, expected) => {
    expect(truth(condition)).toBe(expected);
  });

  test('string escapes compare with the unescaped text', () => {
    const facts = orderWith({ product_name: 'The "Glow" Hoodie', postal_code: 'C:\\box' });
    expect(truth('product_name = "The \\"Glow\\" Hoodie"', facts)).toBe(true);
    expect(truth('product_name contains "\\"glow\\""', facts)).toBe(true);
    expect(truth('postal_code = "C:\\\\box"', facts)).toBe(true);
    expect(truth('len(postal_code) = 6', facts)).toBe(true);
  });

  test('the runtime values of literals', () => {
    expect(valueOf('300%')).toBe(3);
    expect(valueOf('2.5%')).toBe(0.025);
    expect(valueOf('1e3')).toBe(1000);
    expect(valueOf('"a\\"b\\\\c"')).toBe('a"b\\c');
    expect(valueOf('2025-09-01')).toBe(Date.UTC(2025, 8, 1));
    expect(valueOf('2025-09-01T12:00:00Z')).toBe(Date.UTC(2025, 8, 1, 12));
    expect(valueOf('30s')).toBe(30_000);
    expect(valueOf('15m')).toBe(900_000);
    expect(valueOf('2h')).toBe(2 * HOUR);
    expect(valueOf('1d')).toBe(24 * HOUR);
    expect(valueOf('500ms')).toBe(500);
    expect(valueOf('now')).toBe(NOW.getTime());
    expect(valueOf('[1, -2.5]')).toEqual([1, -2.5]);
  });

  test('now follows the evaluate option', () => {
    const rules = compileRules('rule "late" when now >= 2025-10-15T18:00:00Z then add_tag(tag: "late") end');
    expect(rules.evaluate(order, { now: new Date('2025-10-15T17:59:59Z') }).matched).toEqual([]);
    expect(rules.evaluate(order, { now: new Date('2025-10-15T18:00:00Z') }).matched).toEqual(['late']);
  });
});

describe('timestamps and durations', () => {
  test.each<[string, Facts, Outcome]>([
    ['created_at < now - 2h', {}, true],
    ['created_at < now - 2h', { created_at: '2025-10-15T10:30:00Z' }, false],
    ['created_at < now - 3h', {}, false],
    ['created_at <= now - 3h', {}, true],
    ['deadline - now < 4h', {}, true],
    ['deadline - now < 4h', { deadline: '2025-10-15T17:00:00Z' }, false],
    ['deadline - now < 3h', {}, false],
    ['deadline - now = 3h', {}, true],
    ['deadline - now < 0s', { deadline: '2025-10-15T11:00:00Z' }, true],
    ['now - created_at > 2h', {}, true],
    ['now + 1d > deadline', {}, true],
    ['1d + now > deadline', {}, true],
    ['created_at + 6h = deadline', {}, true],
    ['(deadline - created_at) / 1h = 6', {}, true],
    ['deadline - created_at > 2 * 30m', {}, true],
    ['created_at > 2025-10-15', {}, true],
    ['created_at < 2025-10-15T09:00:00Z', {}, false],
    // offsets in fact strings
    ['created_at = 2025-10-15T09:00:00Z', { created_at: '2025-10-15T11:00:00+02:00' }, true],
    ['created_at < now - 2h', { created_at: '2025-10-15T11:00:00+02:00' }, true],
    // Date objects are accepted as well as ISO strings
    ['created_at < now - 2h', { created_at: new Date('2025-10-15T09:00:00Z') }, true],
    ['created_at < now - 2h', { created_at: new Date('2025-10-15T11:00:00Z') }, false],
    ['deadline - now < 4h', { deadline: new Date('2025-10-15T15:00:00Z') }, true],
    ['created_at = 2025-10-15T09:00:00Z', { created_at: new Date('2025-10-15T09:00:00Z') }, true],
    // a missing or unreadable timestamp makes the comparison unknown
    ['deadline - now < 4h', { deadline: undefined }, 'unknown'],
    ['deadline - now < 4h', { deadline: null }, 'unknown'],
    ['created_at < now - 2h', { created_at: 'yesterday' }, 'unknown'],
  ])('%s with %j → %p', (condition, overrides, expected) => {
    expect(truth(condition, orderWith(overrides))).toBe(expected);
  });

  test.each<[unknown, number | undefined]>([
    ['2025-10-15T09:00:00Z', Date.UTC(2025, 9, 15, 9)],
    ['2025-10-15T09:00:00z', Date.UTC(2025, 9, 15, 9)],
    ['2025-10-15T09:00Z', Date.UTC(2025, 9, 15, 9)],
    ['2025-10-15T09:00:00.5Z', Date.UTC(2025, 9, 15, 9, 0, 0, 500)],
    ['2025-10-15T09:00:00.123456Z', Date.UTC(2025, 9, 15, 9, 0, 0, 123)],
    ['2025-10-15T09:00:00.57Z', Date.UTC(2025, 9, 15, 9, 0, 0, 570)],
    ['2025-10-15T11:00:00+02:00', Date.UTC(2025, 9, 15, 9)],
    ['2025-10-15T11:00:00+0200', Date.UTC(2025, 9, 15, 9)],
    ['2025-10-15T11:00:00+02', Date.UTC(2025, 9, 15, 9)],
    ['2025-10-15T04:30:00-04:30', Date.UTC(2025, 9, 15, 9)],
    ['2025-10-15', Date.UTC(2025, 9, 15)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    [new Date('2025-10-15T09:00:00Z'), Date.UTC(2025, 9, 15, 9)],
    [Date.UTC(2025, 9, 15, 9), Date.UTC(2025, 9, 15, 9)],
    // not ISO 8601 instants: missing (Date.parse would read most of these as some date)
    ['Order 12', undefined],
    ['zone 4', undefined],
    ['5', undefined],
    ['Oct 15 2025', undefined],
    ['10/15/2025', undefined],
    ['2025-10-15 09:00:00Z', undefined],
    ['2025-10-15T09:00:00', undefined],
    ['2025-10-15T09:00:00+02:', undefined],
    ['2025-02-30T00:00:00Z', undefined],
    ['2025-02-29', undefined],
    ['2025-10-15T24:00:00Z', undefined],
    ['2025-10-15T09:60:00Z', undefined],
    ['', undefined],
    [new Date('not a date'), undefined],
    [true, undefined],
  ])('a fact timestamp %p reads as %p', (value, expected) => {
    expect(valueOf('created_at', orderWith({ created_at: value }))).toBe(expected);
  });

  test('timestamps are epoch milliseconds at run time', () => {
    expect(valueOf('created_at')).toBe(Date.parse('2025-10-15T09:00:00Z'));
    expect(valueOf('created_at', orderWith({ created_at: new Date('2025-10-15T09:00:00Z') }))).toBe(Date.parse('2025-10-15T09:00:00Z'));
    expect(valueOf('deadline - now')).toBe(3 * HOUR);
    expect(valueOf('now - 2h')).toBe(NOW.getTime() - 2 * HOUR);
  });
});

describe('three-valued logic', () => {
  const missingDeadline = orderWith({ deadline: undefined });
  const nullPrice = orderWith({ price: null });

  test.each<[string, Facts, Outcome]>([
    // a predicate with a missing operand is unknown, and so is its negation
    ['deadline < now', missingDeadline, 'unknown'],
    ['not (deadline < now)', missingDeadline, 'unknown'],
    ['price > 10', nullPrice, 'unknown'],
    ['price = 72.5', nullPrice, 'unknown'],
    ['price != 72.5', nullPrice, 'unknown'],
    ['price != 1', orderWith({ price: undefined }), 'unknown'],
    ['72.5 = price', nullPrice, 'unknown'],
    ['shipping_zone != "zone_9"', orderWith({ shipping_zone: undefined }), 'unknown'],
    ['not not (price > 10)', nullPrice, 'unknown'],
    // Kleene and / or
    ['false and price > 10', nullPrice, false],
    ['price > 10 and false', nullPrice, false],
    ['true and price > 10', nullPrice, 'unknown'],
    ['price > 10 and true', nullPrice, 'unknown'],
    ['true or price > 10', nullPrice, true],
    ['price > 10 or true', nullPrice, true],
    ['false or price > 10', nullPrice, 'unknown'],
    ['price > 10 or false', nullPrice, 'unknown'],
    ['price > 10 and deadline < now', orderWith({ price: null, deadline: undefined }), 'unknown'],
    ['price > 10 or deadline < now', orderWith({ price: null, deadline: undefined }), 'unknown'],
    ['not (price > 10) or customer_tier = "regular"', nullPrice, true],
    ['not (price > 10) and customer_tier = "vip"', nullPrice, false],
    // arithmetic with a missing operand is missing, even where the result would not depend on it
    ['price + 1 > 0', nullPrice, 'unknown'],
    ['price * 0 = 0', nullPrice, 'unknown'],
    ['-price < 0', nullPrice, 'unknown'],
    ['price - price = 0', nullPrice, 'unknown'],
    ['stock_hours_remaining / 24 < 2', orderWith({ stock_hours_remaining: undefined }), 'unknown'],
    // division by zero is unknown
    ['price / 0 > 0', order, 'unknown'],
    ['not (price / 0 > 0)', order, 'unknown'],
    ['1 / 0 = 1 / 0', order, 'unknown'],
    ['price / (quantity - 3) > 0', order, 'unknown'],
    ['price / (quantity - 2) > 0', order, true],
    ['1h / 0 > 1m', order, 'unknown'],
    ['(deadline - created_at) / (now - now) > 1', order, 'unknown'],
    ['price / 0 > 0 or quantity = 3', order, true],
    ['price / 0 > 0 and quantity = 4', order, false],
    // is missing / is present are never unknown
    ['price is missing', nullPrice, true],
    ['not (price is present)', nullPrice, true],
    ['price is missing or price > 100', nullPrice, true],
  ])('%s with %j → %p', (condition, facts, expected) => {
    expect(truth(condition, facts)).toBe(expected);
  });

  test('the explain trace reports each predicate as true, false or "unknown"', () => {
    const rules = compileRules('rule "kleene" when customer_tier = "regular" and (price > 10 or deadline < now) then add_tag(tag: "k") end');
    const result = rules.evaluate(orderWith({ price: null, deadline: '2025-10-15T11:00:00Z' }), { now: NOW, explain: true });
    expect(result.matched).toEqual(['kleene']);
    expect(result.trace![0].predicates.map((p) => [p.predicate, p.outcome])).toEqual([
      ['customer_tier = "regular"', true],
      ['price > 10', 'unknown'],
      ['deadline < now', true],
    ]);

    const unknown = rules.evaluate(orderWith({ price: null, deadline: undefined }), { now: NOW, explain: true });
    expect(unknown.matched).toEqual([]);
    expect(unknown.trace![0].status).toBe('unknown');
    expect(unknown.trace![0].predicates.map((p) => p.outcome)).toEqual([true, 'unknown', 'unknown']);
    expect(unknown.trace![0].predicates[1].values).toEqual([undefined, 10]);

    const notMatched = rules.evaluate(orderWith({ price: null, deadline: '2025-10-15T13:00:00Z' }), { now: NOW, explain: true });
    expect(notMatched.trace![0].predicates.map((p) => p.outcome)).toEqual([true, 'unknown', false]);
    expect(notMatched.trace![0].status).toBe('unknown');
  });
});

describe("schema 'none': untyped fields", () => {
  test('field names are not checked', () => {
    expect(() => compileRules('rule "x" when basket_total > 10 then add_tag(tag: "x") end')).toThrow();
    expect(truth('basket_total > 10', { basket_total: 11 }, 'none')).toBe(true);
    expect(truth('basket_total > 10', { basket_total: 9 }, 'none')).toBe(false);
    expect(truth('basket_total > 10', {}, 'none')).toBe('unknown');
  });

  test.each<[string, Facts, Outcome]>([
    // untyped fields meeting a timestamp are read as timestamps: ISO strings, Dates, offsets
    ['created_at < now - 2h', { created_at: '2025-10-15T09:00:00Z' }, true],
    ['created_at < now - 2h', { created_at: '2025-10-15T11:00:00Z' }, false],
    ['created_at < now - 2h', { created_at: new Date('2025-10-15T09:00:00Z') }, true],
    ['created_at < now - 2h', { created_at: '2025-10-15T11:00:00+02:00' }, true],
    ['now - created_at > 2h', { created_at: '2025-10-15T09:00:00Z' }, true],
    ['deadline - now < 4h', { deadline: '2025-10-15T15:00:00Z' }, true],
    ['deadline - now < 4h', { deadline: '2025-10-15T17:00:00Z' }, false],
    ['abs(deadline - now) < 4h', { deadline: '2025-10-15T10:00:00Z' }, true],
    ['(deadline - now) / 1h = 3', { deadline: '2025-10-15T15:00:00Z' }, true],
    ['ship_by = 2025-10-16', { ship_by: '2025-10-16T00:00:00Z' }, true],
    ['ship_by = 2025-10-16', { ship_by: '2025-10-16T00:00:00.001Z' }, false],
    ['ship_by > 2025-10-16T00:00:00Z', { ship_by: new Date('2025-10-16T00:00:01Z') }, true],
    ['ship_by between 2025-10-01 and 2025-10-31', { ship_by: '2025-10-16T00:00:00Z' }, true],
    ['ship_by between 2025-10-01 and 2025-10-15', { ship_by: '2025-10-16T00:00:00Z' }, false],
    ['ship_by in [2025-10-16, 2025-10-17]', { ship_by: '2025-10-16T00:00:00Z' }, true],
    ['ship_by not in [2025-10-16, 2025-10-17]', { ship_by: '2025-10-18T00:00:00Z' }, true],
    ['2025-10-16 in blackout_days', { blackout_days: ['2025-10-16T00:00:00Z', '2025-12-25T00:00:00Z'] }, true],
    ['order.placed_at < now', { order: { placed_at: '2025-10-15T09:00:00Z' } }, true],
    ['any d in blackout_days where (d < now)', { blackout_days: ['2025-10-14T00:00:00Z'] }, true],
    ['any d in blackout_days where (d < now)', { blackout_days: ['2025-10-16T00:00:00Z'] }, false],
    // arithmetic with a duration reads an untyped operand as a timestamp too
    ['created_at + 2h < now', { created_at: '2025-10-15T09:00:00Z' }, true],
    ['created_at + 2h < now', { created_at: '2025-10-15T11:00:00Z' }, false],
    ['2h + created_at < now', { created_at: new Date('2025-10-15T09:00:00Z') }, true],
    ['created_at - 1d < 2025-10-15', { created_at: '2025-10-15T09:00:00Z' }, true],
    ['wait + 30m = 90m', { wait: HOUR }, true],
    // strings that are not timestamps are missing in a timestamp context
    ['created_at < now', { created_at: 'yesterday' }, 'unknown'],
    ['created_at < now', { created_at: 'Order 12' }, 'unknown'],
    ['shipping_zone < now', { shipping_zone: 'zone 4' }, 'unknown'],
    ['created_at < now', { created_at: '2025-10-15T09:00:00' }, 'unknown'],
    ['created_at < now', { created_at: null }, 'unknown'],
    // outside a timestamp context nothing is coerced: exact string comparison
    ['created_at = "2025-10-15T09:00:00Z"', { created_at: '2025-10-15T09:00:00Z' }, true],
    ['created_at starts with "2025-10"', { created_at: '2025-10-15T09:00:00Z' }, true],
  ])('%s with %j → %p', (condition, facts, expected) => {
    expect(truth(condition, facts, 'none')).toBe(expected);
  });

  test('untyped values are read, not coerced, outside timestamp contexts', () => {
    expect(valueOf('created_at', { created_at: '2025-10-15T09:00:00Z' }, 'none')).toBe('2025-10-15T09:00:00Z');
  });

  test('only the facts\u2019 own fields are facts, not inherited object members', () => {
    expect(truth('constructor is missing', {}, 'none')).toBe(true);
    expect(truth('toString is present', {}, 'none')).toBe(false);
    expect(truth('shop.constructor is missing', { shop: { id: 's1' } }, 'none')).toBe(true);
    expect(truth('shop.valueOf is missing', { shop: { id: 's1' } }, 'none')).toBe(true);
    expect(truth('any s in shops where (s.hasOwnProperty is present)', { shops: [{ id: 's1' }] }, 'none')).toBe(false);
    expect(truth('count(shops.toString) = 1', { shops: [{ id: 's1' }] }, 'none')).toBe(true);
    expect(truth('shops.toString contains "x"', { shops: [{ id: 's1' }] }, 'none')).toBe('unknown');
    // own fields with those names are read as usual
    expect(truth('constructor = "Maya"', { constructor: 'Maya' }, 'none')).toBe(true);
  });
});
