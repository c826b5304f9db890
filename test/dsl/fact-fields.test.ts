import fc from 'fast-check';
import { compileRules } from '../../index';

const source = `
rule "Big" when price >= 100 and quantity > 1 then add_tag(tag: "big") end
rule "Vip" when customer_tier = "vip" or constructor is present then add_tag(tag: "vip") end
rule "Missing" when sku is missing then add_tag(tag: "no-sku") end
rule "Items" when any item in items where (item.quantity > 2) then add_tag(tag: "items") end
`;

/** Facts with the rules' fields and others, in random key orders, some absent. */
const facts = fc
  .record(
    {
      price: fc.oneof(fc.integer({ min: 0, max: 200 }), fc.constant(null)),
      quantity: fc.integer({ min: 0, max: 3 }),
      customer_tier: fc.constantFrom('vip', 'regular', 'new'),
      sku: fc.constantFrom('A', 'B'),
      items: fc.array(fc.record({ quantity: fc.integer({ min: 0, max: 4 }) }), { maxLength: 3 }),
      note: fc.string(),
      constructor: fc.constant('own'),
    },
    { requiredKeys: [] },
  )
  .chain((record) => fc.shuffledSubarray(Object.keys(record), { minLength: Object.keys(record).length }).map((keys) => Object.fromEntries(keys.map((k) => [k, record[k as keyof typeof record]]))));

test('one rule set evaluates facts of changing shapes exactly as a fresh one does', () => {
  const longLived = compileRules(source, { schema: 'none' });
  fc.assert(
    fc.property(fc.array(facts, { minLength: 1, maxLength: 8 }), (sequence) => {
      for (const f of sequence) {
        expect(longLived.evaluate(f).decision.tags).toEqual(compileRules(source, { schema: 'none' }).evaluate(f).decision.tags);
      }
    }),
    { numRuns: 200 },
  );
});

test('only own properties are facts, whatever the object looks like', () => {
  const rules = compileRules(source, { schema: 'none' });
  const inherited = Object.create({ price: 500, quantity: 5 });
  expect(rules.evaluate(inherited).matched).toEqual(['missing']);
  expect(rules.evaluate({ price: 500, quantity: 5 }).matched).toEqual(['big', 'missing']);
  expect(rules.evaluate({}).matched).toEqual(['missing']);
  expect(rules.evaluate({ constructor: 'x', sku: 'A' }).matched).toEqual(['vip']);
});

test('an inherited value never passes for a fact, even where an own one stood before', () => {
  const rules = compileRules('rule "r" when b = 1 then add_tag(tag: "x") end', { schema: 'none' });
  expect(rules.evaluate({ a: 0, b: 1 }).matched).toEqual(['r']);
  const inherited = Object.create({ b: 1 });
  inherited.a = 0;
  expect(rules.evaluate(inherited).matched).toEqual([]);
  expect(rules.evaluate(Object.assign(Object.create(null), { a: 0, b: 1 })).matched).toEqual(['r']);
});

test('the decision starts from the same facts the rules see', () => {
  const rules = compileRules('rule "r" when priority is missing then add_tag(tag: "x") end');
  const hidden = Object.defineProperty({}, 'priority', { value: 'high', enumerable: false });
  const result = rules.evaluate(hidden);
  expect(result.matched).toEqual(['r']);
  expect(result.decision.priority).toBe('standard');
  expect(rules.evaluate({ priority: 'high' }).decision.priority).toBe('high');
});
