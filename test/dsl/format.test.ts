/**
 * The formatter: canonical text, idempotence, unchanged meaning, comments kept, only the
 * parentheses the structure needs, long conditions split, syntax errors refused.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileRules, formatRules, parseRules, RulesCompileError } from '../../index';
import { astOf } from './dsl-test-helpers';

const sampleRules = readFileSync(join(__dirname, '../../rules/order-routing.rules'), 'utf8');
const sampleOrders = JSON.parse(readFileSync(join(__dirname, '../../rules/examples/orders.json'), 'utf8')) as object[];
const now = new Date('2025-10-15T12:00:00Z');

const messy = `# Header comment
mode   first
rule "Big order"  priority 70 id "big-001"   # trailing: after the last attribute written on this line
  tags "big","value" category order_value
  // about the limit
  limit 10 per hour
when (price >= 100) and ((customer_tier = "vip" or customer_tier == "regular"))
then route_to(queue:"high_value") , add_tag(tag : "big \\"quoted\\" \\\\ #not-a-comment")
  stop end
// leading comment for the second rule

rule "Small"   valid from 2025-01-01 until 2026-01-01T00:00:00+02:00 enabled false
when not (price > 10) or items.quantity contains 3 and - ( - quantity) <= 2 * (1 + 2)
then hold(duration: 30m) end   // trailing after end
# the end
`;

const canonical = `# Header comment
mode first

rule "Big order"
  id "big-001"  # trailing: after the last attribute written on this line
  category order_value
  priority 70
  tags "big", "value"
  // about the limit
  limit 10 per hour
when
  price >= 100 and (customer_tier = "vip" or customer_tier = "regular")
then
  route_to(queue: "high_value")
  add_tag(tag: "big \\"quoted\\" \\\\ #not-a-comment")
  stop
end

// leading comment for the second rule
rule "Small"
  enabled false
  valid from 2025-01-01 until 2026-01-01T00:00:00+02:00
when
  not price > 10 or (items.quantity contains 3 and --quantity <= 2 * (1 + 2))
then
  hold(duration: 30m)
end  // trailing after end

# the end
`;

/** The sample without its comments, so that it survives joining its lines. */
const withoutComments = (source: string) => source.replace(/#.*$/gm, '');

/** The condition of a one-rule file after formatting. */
function formattedCondition(condition: string): string {
  const out = formatRules(`rule "A" when ${condition} then stop end`);
  const lines = out.split('\n');
  return lines.slice(lines.indexOf('when') + 1, lines.indexOf('then')).join('\n');
}

describe('canonical form', () => {
  test('a messy file formats to the exact canonical text', () => {
    expect(formatRules(messy)).toBe(canonical);
  });

  test('the canonical text is a fixed point', () => {
    expect(formatRules(canonical)).toBe(canonical);
  });

  test('fmt(fmt(x)) === fmt(x) for files in other layouts', () => {
    const layouts = [
      messy,
      messy.replace(/\n/g, '\r\n'),
      messy.replace(/\n/g, '\n\n\t'),
      sampleRules,
      withoutComments(sampleRules).replace(/\n\s*/g, ' '),
      withoutComments(sampleRules).replace(/ (and|then|when) /g, '\n$1\n'),
    ];
    for (const source of layouts) {
      const once = formatRules(source);
      expect(formatRules(once)).toBe(once);
    }
    // Line ends, indentation and blank-line runs do not matter.
    expect(formatRules(messy.replace(/\n/g, '\r\n'))).toBe(canonical);
    expect(formatRules(messy.replace(/\n/g, '\n\n\t'))).toBe(canonical);
  });

  test('empty input and comment-only input', () => {
    expect(formatRules('')).toBe('');
    expect(formatRules(' \n\n\t')).toBe('');
    expect(formatRules('# just a note   \n\n// and another')).toBe('# just a note\n// and another\n');
  });

  test('a bare valid attribute prints without trailing blanks', () => {
    // `valid` alone is a checker error but parses, so it formats.
    expect(formatRules('rule "A" valid when price > 1 then stop end')).toBe('rule "A"\n  valid\nwhen\n  price > 1\nthen\n  stop\nend\n');
  });
});

describe('formatting keeps the meaning', () => {
  test('same AST, modulo positions', () => {
    expect(astOf(formatRules(messy))).toEqual(astOf(messy));
    expect(astOf(formatRules(sampleRules))).toEqual(astOf(sampleRules));
    const oneLine = withoutComments(sampleRules).replace(/\n\s*/g, ' ');
    expect(astOf(formatRules(oneLine))).toEqual(astOf(sampleRules));
  });

  test('same compiled rules and the same results on the sample orders', () => {
    const source = withoutComments(sampleRules).replace(/\n\s*/g, '\n    ').replace(/ and /g, ' and\n ');
    const original = compileRules(source);
    const formatted = compileRules(formatRules(source));
    expect(formatted.rules.map(({ line: _line, ...info }) => info)).toEqual(original.rules.map(({ line: _line, ...info }) => info));
    for (const order of sampleOrders) {
      expect(formatted.evaluate(order, { now, explain: true })).toEqual(
        expect.objectContaining({ matched: original.evaluate(order, { now }).matched, decision: original.evaluate(order, { now }).decision }),
      );
    }
    const messyOriginal = compileRules(messy);
    const messyFormatted = compileRules(formatRules(messy));
    for (const facts of [{ price: 150, customer_tier: 'vip' }, { price: 5, quantity: 1 }, { price: 50, items: [{ quantity: 3 }], quantity: -2 }, {}]) {
      expect(messyFormatted.evaluate(facts, { now })).toEqual(messyOriginal.evaluate(facts, { now }));
    }
  });

  test('`==` prints as `=`, numbers, dates and durations keep their spelling', () => {
    expect(formattedCondition('price == 1e3 or velocity_increase > 300%')).toBe('  price = 1e3 or velocity_increase > 300%');
    expect(formattedCondition('created_at > 2025-01-01T00:00:00.500+01:00 or deadline - now < 1.5h')).toBe(
      '  created_at > 2025-01-01T00:00:00.500+01:00 or deadline - now < 1.5h',
    );
  });
});

describe('parentheses: only those the structure needs', () => {
  const cases: [string, string][] = [
    // Arithmetic is left-associative: the right operand of the same level keeps its parentheses.
    ['price - (quantity - 1) > 0', 'price - (quantity - 1) > 0'],
    ['((price - quantity) - 1) > 0', 'price - quantity - 1 > 0'],
    ['price / (quantity * 2) > 0', 'price / (quantity * 2) > 0'],
    ['(price / quantity) * 2 > 0', 'price / quantity * 2 > 0'],
    ['(price * 2) + 1 > 0', 'price * 2 + 1 > 0'],
    ['price * (2 + 1) > 0', 'price * (2 + 1) > 0'],
    ['(price + 1) * 2 > 0', '(price + 1) * 2 > 0'],
    ['-(price) < 0', '-price < 0'],
    ['-(price - 1) < 0', '-(price - 1) < 0'],
    ['- (-price) > 0', '--price > 0'],
    ['(-price) * 2 > 0', '-price * 2 > 0'],
    // Boolean connectives: or < and < not < predicates.
    ['not (price > 1 and quantity > 1)', 'not (price > 1 and quantity > 1)'],
    ['not (price > 1)', 'not price > 1'],
    ['(not price > 1) and quantity > 1', 'not price > 1 and quantity > 1'],
    ['not (not (price > 1))', 'not not price > 1'],
    ['(price > 1 or quantity > 1) and price < 5', '(price > 1 or quantity > 1) and price < 5'],
    // `and` inside `or` keeps its parentheses, for readers
    ['price > 1 or quantity > 1 and price < 5', 'price > 1 or (quantity > 1 and price < 5)'],
    ['price > 1 and quantity > 1 or price < 5', '(price > 1 and quantity > 1) or price < 5'],
    ['price > 1 or (quantity > 1 or price < 5)', 'price > 1 or (quantity > 1 or price < 5)'],
    ['(price > 1 or quantity > 1) or price < 5', 'price > 1 or quantity > 1 or price < 5'],
    ['price > 1 and (quantity > 1 and price < 5)', 'price > 1 and (quantity > 1 and price < 5)'],
    ['((price > 1))', 'price > 1'],
    // A condition used as a value is parenthesised; plain values are not.
    ['(price > 1) = (quantity > 1)', '(price > 1) = (quantity > 1)'],
    ['(any i in items where (i.quantity > 1)) != true', '(any i in items where (i.quantity > 1)) != true'],
    ['(price) between (1) and (2 + 3)', 'price between 1 and 2 + 3'],
    ['price in ([1, (2), 3 * (4)])', 'price in [1, 2, 3 * 4]'],
    ['count((items)) > len((product_name))', 'count(items) > len(product_name)'],
    ['(product_name) starts with ("a")', 'product_name starts with "a"'],
    ['(deadline) is missing', 'deadline is missing'],
    ['any i in (items) where ((i.quantity > 1))', 'any i in items where (i.quantity > 1)'],
    ['not (any i in items where (i.quantity > 1))', 'not any i in items where (i.quantity > 1)'],
  ];

  test.each(cases)('%s  →  %s', (input, expected) => {
    expect(formattedCondition(input)).toBe(`  ${expected}`);
    // And the printed form means the same.
    expect(astOf(`rule "A" when ${expected} then stop end`)).toEqual(astOf(`rule "A" when ${input} then stop end`));
  });

  test('a condition as an action argument keeps its parentheses, so the output parses again', () => {
    const source = 'rule "A" when price > 1 then notify_team(channel: (price > 1), message: ("x")) end';
    const out = formatRules(source);
    expect(out).toContain('  notify_team(channel: (price > 1), message: "x")\n');
    expect(astOf(out)).toEqual(astOf(source));
  });
});

describe('long conditions', () => {
  test('one operand per line, connective first, and the split text parses to the same AST', () => {
    const source = `rule "Long" when customer_order_count >= 3 and customer_tier != "new" and price < 100 and retry_count = 0 and (automation_score >= 80 or flow_progress > 50) and not (shipping_zone is present and shipping_zone = "remote") then stop end
rule "Long or" when customer_order_count >= 3 and customer_tier != "new" or price < 100 and retry_count = 0 or automation_score >= 80 or (flow_progress > 50 or price > 1000) then stop end`;
    const out = formatRules(source);
    expect(out).toBe(`rule "Long"
when
  customer_order_count >= 3
  and customer_tier != "new"
  and price < 100
  and retry_count = 0
  and (automation_score >= 80 or flow_progress > 50)
  and not (shipping_zone is present and shipping_zone = "remote")
then
  stop
end

rule "Long or"
when
  (customer_order_count >= 3 and customer_tier != "new")
  or (price < 100 and retry_count = 0)
  or automation_score >= 80
  or (flow_progress > 50 or price > 1000)
then
  stop
end
`);
    expect(astOf(out)).toEqual(astOf(source));
    expect(formatRules(out)).toBe(out);
  });

  test('a condition that fits in 80 columns stays on one line; one character more splits it', () => {
    const fits = `price > 1 and product_name = "${'x'.repeat(80 - '  price > 1 and product_name = ""'.length)}"`;
    expect(`  ${fits}`).toHaveLength(80);
    expect(formattedCondition(fits)).toBe(`  ${fits}`);
    const longer = fits.replace('"x', '"xx');
    expect(formattedCondition(longer).split('\n')).toEqual(['  price > 1', `  and ${longer.slice('price > 1 and '.length)}`]);
  });

  test('a long condition that is not an and/or chain stays whole', () => {
    const long = `product_name in [${Array.from({ length: 12 }, (_, i) => `"product-${i}"`).join(', ')}]`;
    expect(formattedCondition(long)).toBe(`  ${long}`);
  });
});

describe('comments', () => {
  test('trailing comments stay at the end of their line, leading ones stay above it', () => {
    const source = `# top
rule "A" # after the name
  # about the priority
  priority 5 // after priority
when
  # about the condition
  price > 1 # after the condition
then # after then
  # about the action
  stop # after stop
end # after end
`;
    expect(formatRules(source)).toBe(`# top
rule "A"  # after the name
  # about the priority
  priority 5  // after priority
when
  # about the condition
  price > 1  # after the condition
then  # after then
  # about the action
  stop  # after stop
end  # after end
`);
  });

  test('a comment before an attribute moves with it when attributes are reordered', () => {
    const source = 'rule "A"\n  # about the priority\n  priority 5\n  # about the id\n  id "x"\nwhen price > 1 then stop end\n';
    expect(formatRules(source)).toBe('rule "A"\n  # about the id\n  id "x"\n  # about the priority\n  priority 5\nwhen\n  price > 1\nthen\n  stop\nend\n');
  });

  test('a trailing comment after several reordered attributes on one line goes to the last one written', () => {
    const source = 'rule "A" priority 5 id "x" # c\nwhen price > 1 then stop end\n';
    expect(formatRules(source)).toBe('rule "A"\n  id "x"  # c\n  priority 5\nwhen\n  price > 1\nthen\n  stop\nend\n');
  });

  test('comments inside a condition written over several lines go above it when it is joined', () => {
    const source = 'rule "A"\nwhen\n  price > 1 # first part\n  # second part\n  and quantity < 5\nthen\n  stop\nend\n';
    const out = formatRules(source);
    expect(out).toBe('rule "A"\nwhen\n  # first part\n  # second part\n  price > 1 and quantity < 5\nthen\n  stop\nend\n');
    expect(formatRules(out)).toBe(out);
  });

  test('comments on the operands of a split condition stay with their operands', () => {
    const source = `rule "A"
when
  customer_order_count >= 3 # regulars
  # only cheap orders
  and price < 100
  and automation_score >= 80 and customer_tier != "new" and shipping_country = "US" // domestic
then
  stop
end
`;
    const out = formatRules(source);
    expect(out).toBe(`rule "A"
when
  customer_order_count >= 3  # regulars
  # only cheap orders
  and price < 100
  and automation_score >= 80
  and customer_tier != "new"
  and shipping_country = "US"  // domestic
then
  stop
end
`);
    expect(formatRules(out)).toBe(out);
  });

  test('comment-like text inside strings is not a comment', () => {
    const source = 'rule "A # B" when product_name = "// x" then add_tag(tag: "#1") end';
    expect(formatRules(source)).toBe('rule "A # B"\nwhen\n  product_name = "// x"\nthen\n  add_tag(tag: "#1")\nend\n');
  });
});

describe('errors', () => {
  test('a file with a syntax error throws RulesCompileError with its diagnostics', () => {
    const source = 'rule "A"\nwhen\n  price >\nthen\n  stop\nend\n';
    expect(() => formatRules(source, 'x.rules')).toThrow(RulesCompileError);
    try {
      formatRules(source, 'x.rules');
    } catch (error) {
      expect((error as RulesCompileError).filename).toBe('x.rules');
      expect((error as RulesCompileError).diagnostics).toEqual(parseRules(source).diagnostics);
      expect((error as RulesCompileError).diagnostics.map(({ line, column }) => [line, column])).toEqual([[4, 1]]);
    }
    for (const broken of ['rule "A" when price > 1 then stop', 'rule "A" when price > 1 then add_tag(tag: "a\\nb") end', 'rule "A" WHEN price > 1 then stop end']) {
      expect(() => formatRules(broken)).toThrow(RulesCompileError);
    }
  });

  test('problems the checker finds do not stop formatting', () => {
    expect(formatRules('rule "A" priority 500 when oders > "x" then frobnicate(q: 1) end')).toBe(
      'rule "A"\n  priority 500\nwhen\n  oders > "x"\nthen\n  frobnicate(q: 1)\nend\n',
    );
  });
});
