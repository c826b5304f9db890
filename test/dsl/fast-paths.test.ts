import fc from 'fast-check';
import { compileRules } from '../../index';

/**
 * Plain evaluation uses dedicated closures for literal comparisons and literal lists; explain
 * mode always uses the generic tests. Both must agree on every kind of value, including values
 * of the wrong kind, null and missing ones.
 */
const value = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(0.5, -0, 2.5),
  fc.constantFrom('a', 'b', 'A', ''),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant([1, 'a']),
);
const numberLiteral = fc.oneof(fc.integer({ min: -3, max: 3 }).map(String), fc.constantFrom('0.5', '-2', '250%'));
const stringLiteral = fc.constantFrom('"a"', '"b"', '"A"', '""');
const booleanLiteral = fc.constantFrom('true', 'false');
const op = fc.constantFrom('=', '!=', '>', '>=', '<', '<=');
const equality = fc.constantFrom('=', '!=');
// Lists of one kind: the checker rejects mixed lists.
const list = fc.oneof(numberLiteral, stringLiteral, booleanLiteral).chain((first) => {
  const kind = first.startsWith('"') ? stringLiteral : first === 'true' || first === 'false' ? booleanLiteral : numberLiteral;
  return fc.array(kind, { maxLength: 3 }).map((rest) => `[${[first, ...rest].join(', ')}]`);
});
const ordered = fc.tuple(op, fc.oneof(numberLiteral, stringLiteral));
const predicate = fc.oneof(
  ordered.map(([o, l]) => `x ${o} ${l}`),
  ordered.map(([o, l]) => `${l} ${o} x`),
  fc.tuple(equality, booleanLiteral).map(([o, l]) => `x ${o} ${l}`),
  fc.constant('x in []'),
  list.map((l) => `x in ${l}`),
  list.map((l) => `x not in ${l}`),
);
const condition = fc.array(predicate, { minLength: 1, maxLength: 3 }).chain((ps) =>
  fc.constantFrom(' and ', ' or ').map((joiner) => ps.join(joiner)),
);

test('literal fast paths agree with the generic tests for every value', () => {
  fc.assert(
    fc.property(condition, fc.array(value, { minLength: 1, maxLength: 6 }), (cond, xs) => {
      const rules = compileRules(`rule "holds" when ${cond} then stop end\nrule "fails" when not (${cond}) then stop end`, { schema: 'none' });
      for (const x of xs) {
        const facts = x === undefined ? {} : { x };
        expect(rules.evaluate(facts).matched).toEqual(rules.evaluate(facts, { explain: true }).matched);
      }
    }),
    { numRuns: 400 },
  );
});
