/**
 * Compile errors: every lexical, syntax and static problem is a `RulesCompileError` carrying
 * `{ line, column, message }` diagnostics at exact 1-based positions.
 */
import { z } from 'zod';
import { compileRules, formatDiagnostic, RulesCompileError } from '../../index';
import { diagnosticsOf } from './dsl-test-helpers';

/** 1-based line and column of the `nth` occurrence of `needle` in `source`. */
function pos(source: string, needle: string, nth = 0): { line: number; column: number } {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = source.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`'${needle}' (#${nth}) not in the source`);
  }
  const before = source.slice(0, index).split(/\r\n?|\n/);
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** A one-rule file with the given condition and actions. */
const rule = (condition: string, actions = 'stop') => `rule "A" when ${condition} then ${actions} end`;

/** Asserts the single diagnostic of `source`: at `needle`, with a message matching `message`. */
function expectOne(source: string, needle: string | [string, number], message: string | RegExp, options?: Parameters<typeof compileRules>[1]): void {
  const [text, nth] = typeof needle === 'string' ? [needle, 0] : needle;
  expect(diagnosticsOf(source, options)).toEqual([{ ...pos(source, text, nth), message: typeof message === 'string' ? message : expect.stringMatching(message) }]);
}

describe('RulesCompileError', () => {
  test('a source that is not a string is a TypeError that says so', () => {
    expect(() => compileRules(undefined as unknown as string)).toThrow(new TypeError('rules source must be a string, not undefined'));
    expect(() => compileRules(42 as unknown as string)).toThrow('rules source must be a string, not number');
  });

  test('the caret keeps the tabs of the source line, so it lines up', () => {
    const source = 'rule "A" when\n\t\toders_per_hour > 3 then stop end';
    let error: RulesCompileError | undefined;
    try {
      compileRules(source);
    } catch (e) {
      error = e as RulesCompileError;
    }
    expect(formatDiagnostic(source, error!.diagnostics[0], 'a.rules').split('\n')[2]).toBe('\t\t^~~~~~~~~~~~~~');
  });

  test('carries every diagnostic, sorted, and names the file in its message', () => {
    const source = 'rule "A"\nwhen\n  oders_per_hour > 3 and customer_tier = "vipp"\nthen\n  frobnicate()\nend\n';
    let error: unknown;
    try {
      compileRules(source, { filename: 'orders.rules' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RulesCompileError);
    const { diagnostics, filename, message, name } = error as RulesCompileError;
    expect(name).toBe('RulesCompileError');
    expect(filename).toBe('orders.rules');
    expect(diagnostics.map(({ line, column, endLine, endColumn }) => [line, column, endLine, endColumn])).toEqual([
      [3, 3, 3, 16],
      [3, 42, 3, 47],
      [5, 3, 5, 12],
    ]);
    expect(diagnostics.every((d) => d.severity === 'error')).toBe(true);
    expect(message).toBe(
      [
        'orders.rules: 3 errors',
        "orders.rules:3:3: error: unknown field 'oders_per_hour' (did you mean 'orders_per_hour'?)",
        'orders.rules:3:42: error: "vipp" is not a customer_tier value (did you mean \'vip\'?); expected one of vip, regular, new',
        "orders.rules:5:3: error: unknown action 'frobnicate'",
      ].join('\n'),
    );
    expect(formatDiagnostic(source, diagnostics[1], 'orders.rules')).toBe(
      [
        'orders.rules:3:42: error: "vipp" is not a customer_tier value (did you mean \'vip\'?); expected one of vip, regular, new',
        '  oders_per_hour > 3 and customer_tier = "vipp"',
        '                                         ^~~~~~',
      ].join('\n'),
    );
  });

  test('a valid file with comments, mode first, commas between actions and attributes in any order compiles', () => {
    const source = [
      '# shop rules',
      'mode first // only the first match fires',
      '',
      'rule "Big order"   # trailing comment',
      '  tags "big", "value"',
      '  limit 10 per hour',
      '  priority 70',
      '  valid until 2030-01-01 // no from: open start',
      '  category order_value',
      '  enabled true',
      '  id "big-001"',
      'when',
      '  // a comment inside the condition',
      '  price >= 100 and customer_tier in ["vip", "regular"]',
      'then',
      '  route_to(queue: "high_value"), add_tag(tag: "big # not a comment")',
      '  escalate_priority(priority: "urgent", impact: "HIGH"),',
      'end',
      'rule "Any order" when price > 0 then add_tag(tag: "any") end',
    ].join('\n');
    const rules = compileRules(source);
    expect(rules.mode).toBe('first');
    expect(rules.rules.map((r) => [r.id, r.priority, r.category, r.tags, r.limit, r.valid_until])).toEqual([
      ['big-001', 70, 'order_value', ['big', 'value'], { count: 10, per: 'hour' }, '2030-01-01T00:00:00.000Z'],
      ['any-order', 50, null, [], null, null],
    ]);
    const result = rules.evaluate({ price: 150, customer_tier: 'vip' }, { now: new Date('2025-10-15T12:00:00Z') });
    expect(result.matched).toEqual(['big-001']);
    expect(result.actions.map((a) => [a.type, a.params])).toEqual([
      ['route_to', { queue: 'high_value' }],
      ['add_tag', { tag: 'big # not a comment' }],
      ['escalate_priority', { priority: 'urgent', impact: 'HIGH' }],
    ]);
  });
});

describe('lexical errors', () => {
  test('an unexpected character', () => {
    const source = rule('price > 10 @');
    expectOne(source, '@', 'unexpected character "@"');
  });

  test('a run of unexpected characters is one error, and lexing goes on after it', () => {
    const source = 'rule "A" when ~~~ price > 1 then stop end\nrule "B" when price > 1 then stop end $';
    expect(diagnosticsOf(source)).toEqual([
      { ...pos(source, '~~~'), message: 'unexpected character "~~~"' },
      { ...pos(source, '$'), message: 'unexpected character "$"' },
    ]);
  });

  test('an unterminated string', () => {
    const source = 'rule "A"\nwhen\n  product_name = "abc\nthen\n  stop\nend\n';
    expectOne(source, '"abc', 'unterminated string: add the closing "');
  });

  test('an unterminated string at the end of the file', () => {
    expect(diagnosticsOf('rule "A')).toEqual([
      { line: 1, column: 6, message: 'unterminated string: add the closing "' },
      { line: 1, column: 8, message: "expected 'when' but found the end of the file" },
    ]);
  });

  test('escapes other than \\" and \\\\ are errors, at the backslash', () => {
    const source = rule('product_name = "line\\nbreak"');
    expectOne(source, '\\n', 'unknown escape \\n in a string: only \\" and \\\\ are allowed');
    const tab = 'rule "A" when price > 1 then add_tag(tag: "a\\tb") end';
    expectOne(tab, '\\t', 'unknown escape \\t in a string: only \\" and \\\\ are allowed');
    // The two allowed escapes compile and mean a quote and a backslash.
    const ok = compileRules('rule "A" when product_name = "say \\"hi\\" \\\\o/" then stop end');
    expect(ok.evaluate({ product_name: 'say "hi" \\o/' }).matched).toEqual(['a']);
  });

  test('impossible dates and date-times', () => {
    const source = rule('created_at > 2025-02-30');
    expectOne(source, '2025-02-30', '2025-02-30 is not a valid date');
    expectOne(rule('created_at > 2025-13-01T00:00:00Z'), '2025-13-01T00:00:00Z', '2025-13-01T00:00:00Z is not a valid date-time');
    expectOne(rule('created_at > 2025-02-28T24:30Z'), '2025-02-28T24:30Z', '2025-02-28T24:30Z is not a valid date-time');
    const valid = 'rule "A" valid from 2024-02-29 until 2025-02-31 when price > 1 then stop end';
    expectOne(valid, '2025-02-31', '2025-02-31 is not a valid date');
    // Leap days are real dates.
    expect(() => compileRules(rule('created_at > 2024-02-29'))).not.toThrow();
  });

  test('digits run into letters are one malformed number, reported whole at its start', () => {
    expectOne(rule('price > 55x'), '55x', "'55x' is not a number or a duration: write numbers like 40 or 2.5, durations like 30s, 15m, 2h or 1d");
    expectOne(rule('created_at < now - 10min'), '10min', "'10min' is not a number or a duration: write numbers like 40 or 2.5, durations like 30s, 15m, 2h or 1d");
    expectOne(rule('price > 1.5x'), '1.5x', "'1.5x' is not a number or a duration: write numbers like 40 or 2.5, durations like 30s, 15m, 2h or 1d");
  });

  test('a date-time without a zone asks for one', () => {
    expectOne(rule('created_at > 2025-09-01T12:00'), '2025-09-01T12:00', 'the date-time 2025-09-01T12:00 needs a time zone: end it with Z (UTC) or an offset such as +02:00');
  });
});

describe('syntax errors', () => {
  test('a missing keyword: expected \'then\' but found ...', () => {
    const source = 'rule "A"\nwhen\n  price > 10\n  add_tag(tag: "x")\nend\n';
    expectOne(source, 'add_tag', 'expected \'then\' but found "add_tag"');
  });

  test('upper-case keywords are named as such, once, and the rest parses', () => {
    const source = 'rule "A" WHEN price > 1 AND price < 5 Then stop END';
    expect(diagnosticsOf(source)).toEqual([
      { ...pos(source, 'WHEN'), message: "keywords are lower-case: write 'when' instead of 'WHEN'" },
      { ...pos(source, 'AND'), message: "keywords are lower-case: write 'and' instead of 'AND'" },
      { ...pos(source, 'Then'), message: "keywords are lower-case: write 'then' instead of 'Then'" },
      { ...pos(source, 'END'), message: "keywords are lower-case: write 'end' instead of 'END'" },
    ]);
  });

  test('upper-case attribute keywords get the same hint', () => {
    const source = 'rule "A" PRIORITY 5 when price > 1 then stop end';
    expect(diagnosticsOf(source)[0]).toEqual({
      ...pos(source, 'PRIORITY'),
      message: 'expected \'when\' but found "PRIORITY" (keywords are lower-case: write \'priority\')',
    });
  });

  test('several syntax errors in one file are all reported, each at its position', () => {
    const source = [
      'rule "Fine" when price > 10 then add_tag(tag: "x") end',
      'rule "B" when price >> 1 then stop end',
      'rule "C" when price > 1 then add_tag(tag: "x" end',
      'rule "D" when (price > 1 then stop end',
      'rule "E" when price > 1 then stop',
    ].join('\n');
    expect(diagnosticsOf(source)).toEqual([
      { ...pos(source, '>', 2), message: 'expected a value (a number, string, field name, list or parenthesised expression) but found ">"' },
      { ...pos(source, 'end', 2), message: 'expected \')\' but found "end"' },
      { ...pos(source, 'then', 3), message: 'expected \')\' but found "then"' },
      { line: 5, column: 34, message: "expected 'end' but found the end of the file" },
    ]);
  });

  test('lexical and syntax errors are reported together, in source order', () => {
    const source = 'rule "A"\nwhen\n  price > 1 #ok\n  and § quantity\nthen\n  stop\nrule "B" when price > 1 then stop end\n';
    expect(diagnosticsOf(source)).toEqual([
      { ...pos(source, '§'), message: 'unexpected character "§"' },
      { ...pos(source, 'rule "B"'), message: 'expected \'end\' but found "rule"' },
    ]);
  });

  test('errors at the end of the file point just after its last character', () => {
    expect(diagnosticsOf('rule')).toEqual([{ line: 1, column: 5, message: 'expected a string but found the end of the file' }]);
    expect(diagnosticsOf('rule "A"\nwhen price >\n\n   \n')).toEqual([
      { line: 2, column: 13, message: 'expected a value (a number, string, field name, list or parenthesised expression) but found the end of the file' },
    ]);
    // A lone \r ends a line too, as for the lexer's own positions.
    expect(diagnosticsOf('rule "A"\rwhen price >')).toEqual([
      { line: 2, column: 13, message: 'expected a value (a number, string, field name, list or parenthesised expression) but found the end of the file' },
    ]);
  });

  test('other friendly messages', () => {
    const extra = 'rule "A" when price > 1 then stop end extra';
    expectOne(extra, 'extra', 'unexpected "extra": expected \'rule\'');
    const mode = 'mode last\nrule "A" when price > 1 then stop end';
    expectOne(mode, 'last', 'expected \'all\' or \'first\' but found "last"');
    const tags = 'rule "A" tags when price > 1 then stop end';
    expectOne(tags, 'when', 'expected a string but found "when"');
    const chained = rule('price = 1 = 2');
    expectOne(chained, '= 2', 'expected \'then\' but found "="');
  });
});

describe('syntax errors and static checks together', () => {
  const source = [
    'rule "Typo" when oders_per_hour > 3 then stop end',
    'rule "Broken" when price > then route_to(queue: "nowhere") end',
    'rule "Tier" when customer_tier = "vipp" then stop end',
    'rule "Typo" when price > 1 then stop end',
  ].join('\n');

  test('rules that parsed whole are still checked, alongside the syntax errors', () => {
    expect(diagnosticsOf(source)).toEqual([
      { line: 1, column: 18, message: "unknown field 'oders_per_hour' (did you mean 'orders_per_hour'?)" },
      { line: 2, column: 28, message: expect.stringContaining('expected a value') },
      { line: 3, column: 34, message: expect.stringContaining('"vipp" is not a customer_tier value') },
      { line: 4, column: 6, message: "duplicate rule id 'typo' (first used by the rule on line 1)" },
    ]);
  });

  test('a literal problem (here an attribute given twice) does not hide the other rules\' problems', () => {
    const twice = 'rule "a" priority 1 priority 2 when price > 1 then stop end\nrule "b" when pricee > 1 then stop end';
    expect(diagnosticsOf(twice).map((d) => d.message)).toEqual([
      "the attribute 'priority' is given twice in this rule",
      "unknown field 'pricee' (did you mean 'price'?)",
    ]);
  });

  test('a rule with a syntax error is not checked further, so no guesses pile up', () => {
    expect(diagnosticsOf(source).filter((d) => d.line === 2)).toHaveLength(1);
  });
});

describe('static checks against the order facts', () => {
  test('unknown fields, with a "did you mean" suggestion when one is close', () => {
    expectOne(rule('oders_per_hour > 40'), 'oders_per_hour', "unknown field 'oders_per_hour' (did you mean 'orders_per_hour'?)");
    expectOne(rule('widget_count > 3'), 'widget_count', "unknown field 'widget_count'");
  });

  test('unknown nested fields, also through quantifier variables', () => {
    const source = rule('any item in items where (item.quantity > 2 and item.skuu = "x")');
    expectOne(source, 'skuu', "'item' has no field 'skuu' (did you mean 'sku'?)");
    expectOne(rule('items.quantityy contains 3'), 'quantityy', "'items' has no field 'quantityy' (did you mean 'quantity'?)");
    expectOne(rule('price.cents = 1'), 'cents', "'price' is a number and has no fields");
    // Quantifier variables are suggested for misspelt names too.
    expectOne(rule('any item in items where (iten.sku = "x")'), 'iten', "unknown field 'iten' (did you mean 'item'?)");
  });

  test('names from Object.prototype are unknown like any other', () => {
    expectOne(rule('constructor > 1'), 'constructor', "unknown field 'constructor'");
    expectOne(rule('items.__proto__ = 1'), '__proto__', "'items' has no field '__proto__'");
    expectOne(rule('toString(price) > 1'), 'toString', /^unknown function 'toString'/);
    expectOne(rule('price > 1', 'constructor(x: 1)'), 'constructor', "unknown action 'constructor'");
    expectOne(rule('price > 1', 'hasOwnProperty()'), 'hasOwnProperty', "unknown action 'hasOwnProperty'");
    const param = rule('price > 1', 'add_tag(tag: "a", constructor: "x")');
    expectOne(param, 'constructor', "add_tag() has no parameter 'constructor'; it takes tag");
  });

  test('comparisons of mismatched types', () => {
    expectOne(rule('price = "x"'), 'price', 'cannot compare number with string');
    expectOne(rule('count(items) > "3"'), 'count', 'cannot compare integer with string');
    expectOne(rule('created_at > 5'), 'created_at', 'cannot compare timestamp with integer');
    expectOne(rule('price between "a" and 5'), 'price', 'cannot compare number with string');
    // one problem per between, even when both bounds are of the wrong type
    expectOne(rule('price between "a" and "z"'), 'price', 'cannot compare number with string');
  });

  test('string literals outside an enum, on either side and inside in [...]', () => {
    const message = (value: string, hint = " (did you mean 'vip'?)") => `"${value}" is not a customer_tier value${hint}; expected one of vip, regular, new`;
    expectOne(rule('customer_tier = "vipp"'), '"vipp"', message('vipp'));
    expectOne(rule('"vipp" = customer_tier'), '"vipp"', message('vipp'));
    expectOne(rule('customer_tier != "VIP"'), '"VIP"', message('VIP'));
    expectOne(rule('customer_tier in ["vip", "vipp"]'), '"vipp"', message('vipp'));
    expectOne(rule('customer_tier not in ["gold"]'), '"gold"', message('gold', ''));
    expectOne(rule('any v in viral_indicators where (v.type = "flash")'), '"flash"', '"flash" is not a type value; expected one of content_spike, hashtag_trending, influencer_mention, flash_sale');
  });

  test('ordering enums and booleans', () => {
    expectOne(rule('customer_tier > "vip"'), 'customer_tier', "'>' needs numbers, strings, timestamps or durations; customer_tier (vip, regular, new) values have no order");
    expectOne(rule('true > false'), 'true', "'>' needs numbers, strings, timestamps or durations; boolean values have no order");
    const schema = z.object({ paid: z.boolean() });
    expectOne(rule('paid <= true'), 'paid', "'<=' needs numbers, strings, timestamps or durations; boolean values have no order", { schema });
  });

  test('timestamp and duration arithmetic', () => {
    expectOne(rule('now + now > now'), 'now', 'cannot compute timestamp + timestamp');
    expectOne(rule('created_at * 2 > now'), 'created_at', 'cannot compute timestamp * integer');
    expectOne(rule('1h + 1 > 2h'), '1h', 'cannot compute duration + integer');
    expectOne(rule('"x" + 1 > 2'), '"x"', 'cannot compute string + integer');
    expectOne(rule('-"x" = 1'), '-', 'cannot negate a string');
    // The sensible combinations type-check.
    expect(() => compileRules(rule('deadline - now < 4h and created_at < now - 2 * 30m and (deadline - created_at) / 1h > 2'))).not.toThrow();
  });

  test('a condition that is not true/false', () => {
    expectOne(rule('price'), 'price', 'a rule condition must be true or false, but this is a number');
    expectOne(rule('not price'), 'price', "what follows 'not' must be true or false, but this is a number");
    expectOne(rule('price > 1 and quantity'), 'quantity', "the right side of 'and' must be true or false, but this is an integer");
    expectOne(rule('any i in items where (i.sku)'), 'i.sku', "the 'where' condition must be true or false, but this is a string");
  });

  test('other misuses of operators', () => {
    expectOne(rule('price in 5'), '5', "'in' needs a list on its right, but this is an integer");
    expectOne(rule('price contains "x"'), 'price', "'contains' needs a string or a list on its left, but this is a number");
    expectOne(rule('any x in price where (x > 1)'), 'price', "'any x in ...' needs a list, but this is a number");
    expectOne(rule('[1, "x"] contains 1'), '"x"', 'list items must all be of one type: string among integer items');
  });

  test('unknown functions, wrong arity, wrong argument types', () => {
    expectOne(rule('coutn(items) > 1'), 'coutn', "unknown function 'coutn' (did you mean 'count'?); functions are count, sum, min, max, avg, len, lower, upper, abs");
    expectOne(rule('count(items, items) > 1'), 'count', 'count() takes 1 argument, not 2');
    expectOne(rule('count() > 1'), 'count', 'count() takes 1 argument, not 0');
    expectOne(rule('sum(price) > 1'), 'price', 'sum() needs a list of numbers, not number');
    expectOne(rule('sum(items.sku) > 1'), 'items.sku', 'sum() needs a list of numbers, not list of string');
    expectOne(rule('abs("x") > 1'), '"x"', 'abs() needs a number, not string');
    expectOne(rule('lower(1) = "x"'), '1', 'lower() needs a string, not integer');
  });
});

describe('static checks of actions', () => {
  const withAction = (action: string) => rule('price > 1', action);

  test('unknown actions, with a suggestion', () => {
    expectOne(withAction('frobnicate()'), 'frobnicate', "unknown action 'frobnicate'");
    expectOne(withAction('add_tags(tag: "x")'), 'add_tags', "unknown action 'add_tags' (did you mean 'add_tag'?)");
  });

  test('unknown parameters; a parameter given twice; missing required parameters', () => {
    const unknown = withAction('add_tag(tag: "x", tga: "y")');
    expectOne(unknown, 'tga', "add_tag() has no parameter 'tga' (did you mean 'tag'?); it takes tag");
    expectOne(withAction('enable_fast_track(fast: true)'), 'fast:', "enable_fast_track() has no parameter 'fast'; it takes no parameters");
    const twice = withAction('add_tag(tag: "x", tag: "y")');
    expect(diagnosticsOf(twice)).toEqual([{ ...pos(twice, 'tag:', 1), message: "the parameter 'tag' is given twice" }]);
    expectOne(withAction('add_tag()'), 'add_tag', "add_tag() needs the parameter 'tag' (a string)");
    const missing = withAction('escalate_priority(impact: "HIGH")');
    expectOne(missing, 'escalate_priority', 'escalate_priority() needs the parameter \'priority\' (one of "high", "urgent", "standard", "automated")');
  });

  test('wrongly typed arguments', () => {
    const expectArg = (action: string, at: string, message: string) => expectOne(withAction(action), at, message);
    expectArg('auto_reorder_inventory(multiplier: -1)', '-1', 'auto_reorder_inventory(multiplier: ...) needs a number above 0, not -1');
    expectArg('auto_reorder_inventory(multiplier: 0)', '0', 'auto_reorder_inventory(multiplier: ...) needs a number above 0, not 0');
    expectArg('auto_reorder_inventory(quantity: 2.5)', '2.5', 'auto_reorder_inventory(quantity: ...) needs a whole number, not 2.5');
    expectArg('auto_reorder_inventory(urgent: "yes")', '"yes"', 'auto_reorder_inventory(urgent: ...) needs true or false');
    expectArg(
      'route_to(queue: "nope")',
      '"nope"',
      'route_to(queue: ...) "nope" is not allowed; use one of "viral_priority", "high_value", "standard", "fully_automated", "manual_review"',
    );
    expectArg(
      'escalate_priority(priority: "high", impact: "viral")',
      '"viral"',
      'escalate_priority(impact: ...) "viral" is not allowed (did you mean \'VIRAL\'?); use one of "VIRAL", "HIGH", "MED", "AUTO"',
    );
    expectArg('route_to(queue: standard)', 'standard', 'route_to(queue: ...) needs one of "viral_priority", "high_value", "standard", "fully_automated", "manual_review"');
    expectArg('hold(duration: 5)', '5', 'hold(duration: ...) needs a duration such as 30m or 2h');
    expectArg('hold(duration: "5m")', '"5m"', 'hold(duration: ...) needs a duration such as 30m or 2h');
    expectArg('add_tag(tag: 1)', '1)', 'add_tag(tag: ...) needs a string in double quotes');
    expectOne(withAction('add_tag(tag: (price > 1))'), ['price', 1], 'add_tag(tag: ...) needs a string in double quotes');
  });

  test('all problems of one action are reported', () => {
    const source = withAction('auto_reorder_inventory(multiplier: -1, quantity: 2.5, urgent: 1)');
    expect(diagnosticsOf(source)).toEqual([
      { ...pos(source, '-1'), message: 'auto_reorder_inventory(multiplier: ...) needs a number above 0, not -1' },
      { ...pos(source, '2.5'), message: 'auto_reorder_inventory(quantity: ...) needs a whole number, not 2.5' },
      { ...pos(source, '1)'), message: 'auto_reorder_inventory(urgent: ...) needs true or false' },
    ]);
  });
});

describe('static checks of rule attributes', () => {
  const withAttributes = (attributes: string) => `rule "A"\n  ${attributes}\nwhen\n  price > 1\nthen\n  stop\nend\n`;

  test('priority outside 0..100', () => {
    expectOne(withAttributes('priority 101'), 'priority', 'priority must be a whole number from 0 to 100, not 101');
    expectOne(withAttributes('priority -1'), 'priority', 'priority must be a whole number from 0 to 100, not -1');
    expectOne(withAttributes('priority 2.5'), 'priority', 'priority must be a whole number from 0 to 100, not 2.5');
    expect(() => compileRules(withAttributes('priority 0'))).not.toThrow();
    expect(() => compileRules(withAttributes('priority 100'))).not.toThrow();
  });

  test('a literal between whose low bound exceeds its high bound', () => {
    const message = "'between' bounds are reversed: the low bound is above the high bound";
    expectOne(rule('price between 10 and 5'), '10', message);
    expectOne(rule('price between -1 and -5'), '-1', message);
    expectOne(rule('velocity_increase between 300% and 2'), '300%', message);
    expectOne(rule('created_at between 2025-02-01 and 2025-01-01'), '2025-02-01', message);
    expectOne(rule('deadline - now between 2h and 30m'), '2h', message);
    expectOne(rule('sku between "z" and "a"'), '"z"', message);
    expect(() => compileRules(rule('price between 5 and 5'))).not.toThrow();
    // Bounds that are not literals are not judged.
    expect(() => compileRules(rule('price between quantity and 5'))).not.toThrow();
  });

  test('duplicate rule ids, explicit and derived from names', () => {
    const explicit = 'rule "A" id "x" when price > 1 then stop end\nrule "B" id "x" when price > 1 then stop end';
    expect(diagnosticsOf(explicit)).toEqual([{ ...pos(explicit, 'id "x"', 1), message: "duplicate rule id 'x' (first used by the rule on line 1)" }]);
    const derived = 'rule "Big order!" when price > 1 then stop end\n\nrule "big  order" when price > 1 then stop end';
    expectOne(derived, '"big  order"', "duplicate rule id 'big-order' (first used by the rule on line 1)");
    const mixed = 'rule "Big order" when price > 1 then stop end\nrule "Other" id "big-order" when price > 1 then stop end';
    expectOne(mixed, 'id "big-order"', "duplicate rule id 'big-order' (first used by the rule on line 1)");
    expectOne(withAttributes('id ""'), 'id ""', 'a rule id cannot be empty');
    expectOne('rule "!!" when price > 1 then stop end', '"!!"', 'this rule name gives an empty id: add an id "..." line');
  });

  test('attributes given twice', () => {
    const source = withAttributes('priority 1\n  tags "a"\n  priority 2');
    expectOne(source, 'priority 2', "the attribute 'priority' is given twice in this rule");
    const three = withAttributes('enabled true enabled false enabled true');
    expect(diagnosticsOf(three)).toEqual([
      { ...pos(three, 'enabled', 1), message: "the attribute 'enabled' is given twice in this rule" },
      { ...pos(three, 'enabled', 2), message: "the attribute 'enabled' is given twice in this rule" },
    ]);
  });

  test('valid with from not before until, or with neither', () => {
    expectOne(withAttributes('valid from 2025-10-01 until 2025-09-01'), 'valid', "'valid from 2025-10-01' must be before 'until 2025-09-01'");
    expectOne(withAttributes('valid from 2025-01-01 until 2025-01-01T00:00:00Z'), 'valid', "'valid from 2025-01-01' must be before 'until 2025-01-01T00:00:00Z'");
    expectOne(withAttributes('valid'), 'valid', "'valid' needs 'from <date>', 'until <date>' or both");
    expect(() => compileRules(withAttributes('valid from 2025-01-01T00:00:00+02:00 until 2025-01-01'))).not.toThrow();
  });

  test('limit: an unknown unit, or a count that is not a whole number above 0', () => {
    expectOne(withAttributes('limit 5 per week'), 'week', "unknown limit unit 'week': use minute, hour or day");
    expectOne(withAttributes('limit 0 per hour'), 'limit', 'a limit must be a whole number above 0, not 0');
    expectOne(withAttributes('limit 2.5 per day'), 'limit', 'a limit must be a whole number above 0, not 2.5');
  });
});

describe('schema', () => {
  test("'none' turns off field and type checks of facts", () => {
    const source = rule('oders_per_hour > 3 and customer_tier = "vipp" and price = "x" and widget.parts.count > 2');
    expect(diagnosticsOf(source)).toHaveLength(4);
    expect(() => compileRules(source, { schema: 'none' })).not.toThrow();
    // An untyped field may be a list, so `contains` takes any value on its right.
    expect(() => compileRules(rule('widgets contains 3 and labels contains "x"'), { schema: 'none' })).not.toThrow();
  });

  test("'none' keeps every other check: actions, attributes, duplicates, literals, syntax", () => {
    const source = [
      'rule "A" priority 101 when oders > 1 then frobnicate() end',
      'rule "a" when x between 5 and 1 then route_to(queue: "nope") end',
      'rule "B" when now + now > x then add_tag() end',
      'rule "C" when count(x, x) > 1 then hold(duration: 5) end',
    ].join('\n');
    expect(diagnosticsOf(source, { schema: 'none' })).toEqual([
      { ...pos(source, 'priority 101'), message: 'priority must be a whole number from 0 to 100, not 101' },
      { ...pos(source, 'frobnicate'), message: "unknown action 'frobnicate'" },
      { ...pos(source, '"a"'), message: "duplicate rule id 'a' (first used by the rule on line 1)" },
      { ...pos(source, '5 and 1'), message: "'between' bounds are reversed: the low bound is above the high bound" },
      { ...pos(source, '"nope"'), message: expect.stringMatching(/^route_to\(queue: \.\.\.\) "nope" is not allowed/) },
      { ...pos(source, 'now + now'), message: 'cannot compute timestamp + timestamp' },
      { ...pos(source, 'add_tag()'), message: "add_tag() needs the parameter 'tag' (a string)" },
      { ...pos(source, 'count'), message: 'count() takes 1 argument, not 2' },
      { ...pos(source, '5)'), message: 'hold(duration: ...) needs a duration such as 30m or 2h' },
    ]);
    expect(diagnosticsOf(rule('x > 1 @'), { schema: 'none' })).toEqual([{ ...pos(rule('x > 1 @'), '@'), message: 'unexpected character "@"' }]);
  });

  test('a custom zod schema is checked like the order facts', () => {
    const schema = z.object({ score: z.number().int(), level: z.enum(['low', 'high']), lines: z.array(z.object({ qty: z.number() })) });
    expect(() => compileRules(rule('score > 3 and level = "high" and any l in lines where (l.qty > 1)'), { schema })).not.toThrow();
    expectOne(rule('scor > 3'), 'scor', "unknown field 'scor' (did you mean 'score'?)", { schema });
    expectOne(rule('level = "hihg"'), '"hihg"', "\"hihg\" is not a level value (did you mean 'high'?); expected one of low, high", { schema });
    expectOne(rule('any l in lines where (l.qtty > 1)'), 'qtty', "'l' has no field 'qtty' (did you mean 'qty'?)", { schema });
    // Fields of the order facts are unknown to it.
    expectOne(rule('price > 1'), 'price', "unknown field 'price'", { schema });
  });
});
