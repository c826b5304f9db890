import { compileRules } from '../../index';

test('compiles and evaluates a rule', () => {
  const rules = compileRules('rule "A" when price > 10 then add_tag(tag: "big") end');
  expect(rules.evaluate({ price: 11 }).matched).toEqual(['a']);
  expect(rules.evaluate({ price: 9 }).matched).toEqual([]);
});
