/**
 * Property-based tests of the rules front end: arbitrary and mutated input only ever yields
 * well-formed `RulesCompileError`s, and formatting generated rule files round-trips.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { compileRules, formatRules, parseRules } from '../../index';
import { lex } from '../../dsl/syntax/lexer';
import { astOf, diagnosticsOf, expectOnlyCompileErrors, stripSpans } from './dsl-test-helpers';

const sampleRules = readFileSync(join(__dirname, '../../rules/order-routing.rules'), 'utf8');

/** Valid files the mutations start from: the shipped sample and smaller ones using the rest of the grammar. */
const seeds = [
  sampleRules,
  `mode first
// two kinds of comment
rule "Small" priority 5 tags "a", "b" when price < 10 and not (quantity is missing) then add_tag(tag: "small"), stop end
rule "Dates" valid from 2025-01-01 until 2025-12-31T23:59:59+02:00 limit 3 per minute
when created_at between 2025-01-01 and now - 1d or deadline - now < 90m
then hold(duration: 30m) end`,
  `rule "Lists"
  enabled false
when
  customer_tier in ["vip", "regular"] and shipping_country not in ["US", "CA"]
  and all i in items where (i.quantity * i.unit_price >= 2.5e1 and i.sku starts with "A\\"B\\\\")
  and none v in viral_indicators where (v.type = "flash_sale")
  and count(items) = len(product_name) - -1 and hashtags contains "x" and product_name ends with "kit"
then
  auto_reorder_inventory(multiplier: 1.5, quantity: 3, urgent: true)
  select_carrier(carrier: "dhl", service_level: "overnight")
end`,
];

/** `FUZZ_SCALE=20 npx jest test/dsl/fuzz` for a longer bug hunt; the default keeps the file fast. */
const runs = (n: number) => Math.round(n * Number(process.env.FUZZ_SCALE ?? 1));

const now = new Date('2025-10-15T12:00:00Z');
const timed = <T>(run: () => T): T => {
  const start = performance.now();
  const result = run();
  const took = performance.now() - start;
  if (took > 2000) throw new Error(`took ${Math.round(took)} ms`);
  return result;
};

/** compileRules and formatRules on any input: results or well-formed RulesCompileErrors, never anything else. */
function checkRobust(source: string): void {
  timed(() => expectOnlyCompileErrors(source, () => compileRules(source)));
  timed(() => expectOnlyCompileErrors(source, () => compileRules(source, { schema: 'none' })));
  let formatted: string | undefined;
  const format = timed(() => expectOnlyCompileErrors(source, () => (formatted = formatRules(source))));
  // Whatever parses formats to a fixed point with the same structure.
  if (format.ok && formatted !== undefined) {
    expect(formatRules(formatted)).toBe(formatted);
    expect(astOf(formatted)).toEqual(astOf(source));
  }
  // Formatting and compiling agree on what is a syntax error.
  expect(format.ok).toBe(parseRules(source).file !== undefined);
}

describe('robustness: only RulesCompileError, with well-formed diagnostics', () => {
  const fragments = [
    ...['rule', 'when', 'then', 'end', 'and', 'or', 'not', 'in', 'between', 'contains', 'starts', 'with', 'is', 'missing'],
    ...['any', 'all', 'where', 'stop', 'mode', 'first', 'id', 'priority', 'tags', 'valid', 'from', 'until', 'limit', 'per'],
    ...['price', 'items', 'i.sku', 'add_tag', 'count', 'WHEN', 'constructor', '__proto__', 'hour', 'week'],
    ...['"', '"x"', '\\', '\\"', '(', ')', '[', ']', ',', ':', '.', '=', '==', '!=', '<', '>=', '+', '-', '*', '/', '%'],
    ...['1', '2.5', '1e3', '50%', '30m', '2025-02-30', '2025-10-01', '2025-10-01T12:00:00Z', '99:99'],
    ...[' ', '  ', '\n', '\r\n', '\r', '\t', '#', '//', '# c\n', '@', 'é', '\u2028', '😀', '\u0000'],
  ];

  test('random token soup', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 60 }), (parts) => {
        checkRobust(parts.join(''));
        checkRobust(parts.join(' '));
      }),
      { numRuns: runs(250) },
    );
  });

  test('random unicode strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (source) => checkRobust(source)),
      { numRuns: runs(200) },
    );
  });

  /** Edits at character or token level; positions are fractions of the current length. */
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('delete' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 8 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.constantFrom(...fragments) }),
    fc.record({ kind: fc.constant('duplicate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ kind: fc.constant('swap' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), to: fc.double({ min: 0, max: 1, noNaN: true }) }),
    fc.record({ kind: fc.constant('deleteToken' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
    fc.record({ kind: fc.constant('duplicateToken' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
    fc.record({ kind: fc.constant('swapTokens' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), to: fc.double({ min: 0, max: 1, noNaN: true }) }),
    fc.record({ kind: fc.constant('replaceToken' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.constantFrom(...fragments) }),
  );
  type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

  function mutate(source: string, m: Mutation): string {
    const index = (fraction: number, length: number) => Math.min(length - 1, Math.floor(fraction * length));
    if (m.kind === 'delete' || m.kind === 'insert' || m.kind === 'duplicate' || m.kind === 'swap') {
      if (source.length === 0) return m.kind === 'insert' ? m.text : source;
      const i = index(m.at, source.length);
      switch (m.kind) {
        case 'delete':
          return source.slice(0, i) + source.slice(i + m.length);
        case 'insert':
          return source.slice(0, i) + m.text + source.slice(i);
        case 'duplicate':
          return source.slice(0, i + m.length) + source.slice(i);
        case 'swap': {
          const j = index(m.to, source.length);
          const chars = [...source];
          [chars[i], chars[j]] = [chars[j], chars[i]];
          return chars.join('');
        }
      }
    }
    // Token level: words, numbers, strings, comments, single symbols, runs of whitespace.
    const tokens = source.match(/"(?:[^"\\\n]|\\.)*"|#[^\n]*|\/\/[^\n]*|[A-Za-z_][\w.]*|\d[\w.:%+-]*|\s+|./gsu) ?? [];
    if (tokens.length === 0) return source;
    const i = index(m.at, tokens.length);
    switch (m.kind) {
      case 'deleteToken':
        tokens.splice(i, 1);
        break;
      case 'duplicateToken':
        tokens.splice(i, 0, tokens[i]);
        break;
      case 'swapTokens': {
        const j = index(m.to, tokens.length);
        [tokens[i], tokens[j]] = [tokens[j], tokens[i]];
        break;
      }
      case 'replaceToken':
        tokens[i] = m.text;
        break;
    }
    return tokens.join('');
  }

  test('mutated valid rule files', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 5 }), (seed, mutations) => {
        checkRobust(mutations.reduce(mutate, seed));
      }),
      { numRuns: runs(300) },
    );
  });

  test('the seeds themselves compile, so mutations start from valid files', () => {
    for (const seed of seeds) expect(() => compileRules(seed)).not.toThrow();
  });

  test('pathologically deep nesting is a diagnostic, not a stack overflow', () => {
    const tooDeep = [
      `rule "A" when ${'('.repeat(5000)}price > 1${')'.repeat(5000)} then stop end`,
      `rule "A" when price in ${'['.repeat(5000)}${']'.repeat(5000)} then stop end`,
    ];
    for (const source of tooDeep) {
      expect(expectOnlyCompileErrors(source, () => compileRules(source)).ok).toBe(false);
      expect(expectOnlyCompileErrors(source, () => formatRules(source)).ok).toBe(false);
    }
    // Whether these overflow depends on the stack size; either way the only error is a RulesCompileError.
    const maybeTooDeep = [
      `rule "A" when ${'not '.repeat(20000)}price > 1 then stop end`,
      `rule "A" when ${'-'.repeat(20000)}price > 1 then stop end`,
      `rule "A" when price > 1${' and price > 1'.repeat(8000)} then stop end`,
      `rule "A" when price${' + 1'.repeat(8000)} > 1 then stop end`,
    ];
    for (const source of maybeTooDeep) {
      expectOnlyCompileErrors(source, () => compileRules(source));
      expectOnlyCompileErrors(source, () => formatRules(source));
    }
    expect(diagnosticsOf(`rule "A" when ${'('.repeat(65)}1${')'.repeat(65)} > 0 then stop end`)).toEqual([
      { line: 1, column: 79, message: 'parentheses and brackets are nested more than 64 levels deep here: simplify the expression' },
    ]);
    // Realistic depths are fine, and long flat chains are handled in linear time.
    expect(() => compileRules(`rule "A" when ${'('.repeat(60)}price > 1${')'.repeat(60)} then stop end`)).not.toThrow();
    timed(() => expect(() => compileRules(`rule "A" when ${'not '.repeat(1000)}price > 1 then stop end`)).not.toThrow());
    timed(() => expect(() => compileRules(`rule "A" when ${'- '.repeat(1000)}price > 1 then stop end`)).not.toThrow());
  });
});

// ---------------------------------------------------------------------------------------------
// Grammar-based generation of well-formed rule files.

/** A generated fragment: its tokens and how loosely it binds (1 = or ... 8 = atom), as in the printer. */
interface Node {
  tokens: string[];
  level: number;
}

const node = (tokens: string[], level: number): Node => ({ tokens, level });
/** `n` where the grammar needs at least `min`: parenthesised when it binds looser. */
const at = (n: Node, min: number): string[] => (n.level < min ? ['(', ...n.tokens, ')'] : n.tokens);
const words = (...parts: (string | readonly string[])[]): string[] => parts.flat();

const fieldNames = ['price', 'quantity', 'customer_tier', 'items', 'tags', 'flag', 'created_at', 'priority', 'x'];
const pathArb = fc.oneof(fc.constantFrom(...fieldNames), fc.constantFrom('items.quantity', 'items.sku', 'a.b', 'a.b.c', 'x.y'));
const stringArb = fc
  .array(fc.constantFrom('a', 'Z', ' ', '\\"', '\\\\', 'é', '#', '//', '-', '%', 'vip'), { maxLength: 6 })
  .map((parts) => `"${parts.join('')}"`);
const dateArb = fc
  .record({ y: fc.integer({ min: 1999, max: 2030 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const dateTimeArb = fc
  .tuple(dateArb, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.constantFrom('Z', '+02:00', '-05:30', ':30Z', ':05.250Z'))
  .map(([date, h, m, zone]) => `${date}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}${zone}`);
const literalArb = fc.oneof(
  fc.nat({ max: 1000 }).map(String),
  fc.constantFrom('2.5', '0.1', '1e3', '2E-2', '300%', '12.5%'),
  stringArb,
  fc.constantFrom('true', 'false', 'now'),
  dateArb,
  dateTimeArb,
  fc.constantFrom('30s', '15m', '2h', '1d', '500ms', '1.5h'),
);

const { value, condition } = fc.letrec<{ value: Node; condition: Node }>((tie) => {
  const value = tie('value') as fc.Arbitrary<Node>;
  const condition = tie('condition') as fc.Arbitrary<Node>;
  return {
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      literalArb.map((t) => node([t], 8)),
      pathArb.map((t) => node([t], 8)),
      fc.array(value, { maxLength: 3 }).map((items) => node(words('[', items.flatMap((item, i) => (i ? [',', ...at(item, 5)] : at(item, 5))), ']'), 8)),
      fc
        .tuple(fc.constantFrom('count', 'sum', 'min', 'max', 'avg', 'len', 'lower', 'upper', 'abs', 'f'), fc.array(value, { minLength: 0, maxLength: 2 }))
        .map(([name, args]) => node(words(name, '(', args.flatMap((a, i) => (i ? [',', ...at(a, 5)] : at(a, 5))), ')'), 8)),
      value.map((operand) => node(words('-', at(operand, 7)), 7)),
      fc.tuple(value, fc.constantFrom('+', '-', '*', '/'), value).map(([l, op, r]) => {
        const own = op === '+' || op === '-' ? 5 : 6;
        return node(words(at(l, own), op, at(r, own + 1)), own);
      }),
      // Redundant or necessary parentheses around anything.
      condition.map((c) => node(words('(', c.tokens, ')'), 8)),
    ),
    condition: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.tuple(value, fc.constantFrom('=', '==', '!=', '>', '>=', '<', '<='), value).map(([l, op, r]) => node(words(at(l, 5), op, at(r, 5)), 4)),
      fc.tuple(value, value, value).map(([s, lo, hi]) => node(words(at(s, 5), 'between', at(lo, 5), 'and', at(hi, 5)), 4)),
      fc.tuple(value, fc.boolean(), value).map(([s, negated, list]) => node(words(at(s, 5), negated ? ['not', 'in'] : ['in'], at(list, 5)), 4)),
      fc
        .tuple(value, fc.constantFrom(['contains'], ['starts', 'with'], ['ends', 'with']), value)
        .map(([s, op, o]) => node(words(at(s, 5), op, at(o, 5)), 4)),
      fc.tuple(value, fc.constantFrom('missing', 'present')).map(([s, word]) => node(words(at(s, 5), 'is', word), 4)),
      fc
        .tuple(fc.constantFrom('any', 'all', 'none'), fc.constantFrom('i', 'item', 'tag', 'priority'), value, condition)
        .map(([q, v, list, where]) => node(words(q, v, 'in', at(list, 5), 'where', '(', where.tokens, ')'), 4)),
      condition.map((c) => node(words('not', at(c, 3)), 3)),
      fc.tuple(condition, condition).map(([l, r]) => node(words(at(l, 2), 'and', at(r, 3)), 2)),
      fc.tuple(condition, condition).map(([l, r]) => node(words(at(l, 1), 'or', at(r, 2)), 1)),
      value,
    ),
  };
});

const attributeArbs = {
  id: fc.constantFrom('"r-1"', '"x"', '"Ünïcode id"').map((s) => ['id', s]),
  category: fc.constantFrom('shipping', 'priority', 'viral_detection').map((s) => ['category', s]),
  priority: fc.integer({ min: 0, max: 100 }).map((n) => ['priority', String(n)]),
  tags: fc.array(stringArb, { minLength: 1, maxLength: 3 }).map((tags) => ['tags', ...tags.flatMap((t, i) => (i ? [',', t] : [t]))]),
  enabled: fc.boolean().map((b) => ['enabled', String(b)]),
  valid: fc
    .tuple(fc.option(fc.oneof(dateArb, dateTimeArb)), fc.option(fc.oneof(dateArb, dateTimeArb)))
    .map(([from, until]) => ['valid', ...(from ? ['from', from] : []), ...(until ? ['until', until] : [])]),
  limit: fc.tuple(fc.integer({ min: 1, max: 500 }), fc.constantFrom('minute', 'hour', 'day')).map(([n, unit]) => ['limit', String(n), 'per', unit]),
};

const actionArb = fc.oneof(
  fc.constant(['stop']),
  stringArb.map((t) => ['add_tag', '(', 'tag', ':', t, ')']),
  fc.constantFrom('"standard"', '"manual_review"').map((q) => ['route_to', '(', 'queue', ':', q, ')']),
  fc.constant(['enable_fast_track', '(', ')']),
  fc.constantFrom('30m', '2h').map((d) => ['hold', '(', 'duration', ':', d, ')']),
  fc.tuple(fc.constantFrom('2.5', '1', '-1', '0.5'), fc.boolean()).map(([m, u]) => ['auto_reorder_inventory', '(', 'multiplier', ':', m, ',', 'urgent', ':', String(u), ')']),
  // Any value, even a parenthesised condition, is syntactically an argument.
  fc.tuple(fc.constantFrom('do_it', 'notify_team'), value).map(([name, v]) => [name, '(', 'arg', ':', ...at(v, 5), ')']),
);

const ruleArb = fc
  .record({
    name: stringArb,
    attributes: fc.shuffledSubarray(Object.keys(attributeArbs) as (keyof typeof attributeArbs)[]).chain((keys) => fc.tuple(...keys.map((k) => attributeArbs[k]))),
    condition,
    actions: fc.array(fc.tuple(actionArb, fc.boolean()), { maxLength: 3 }),
  })
  .map(({ name, attributes, condition: c, actions }) =>
    words('rule', name, attributes.flat(), 'when', c.tokens, 'then', actions.flatMap(([a, comma], i) => (comma && i < actions.length - 1 ? [...a, ','] : a)), 'end'),
  );

/** Separators between tokens: any whitespace, line ends of all kinds, and comments of both kinds. */
const separatorArb = fc.oneof(
  { weight: 12, arbitrary: fc.constant(' ') },
  { weight: 4, arbitrary: fc.constantFrom('\n', '\n  ', '\t', '  ', '\r\n') },
  { weight: 1, arbitrary: fc.constantFrom(' # note\n', '  // see #12 "quoted"\n', '\n# own line\n', '\r\n// crlf comment\r\n') },
);

const fileArb = fc
  .record({
    mode: fc.option(fc.constantFrom(['mode', 'all'], ['mode', 'first'])),
    rules: fc.array(ruleArb, { minLength: 0, maxLength: 3 }),
    separators: fc.array(separatorArb, { minLength: 1, maxLength: 400 }),
    header: fc.option(fc.constantFrom('# header comment\n', '// header\n\n')),
    footer: fc.option(fc.constantFrom('# footer\n', '\n\n// footer', ' # trailing at the end')),
  })
  .map(({ mode, rules, separators, header, footer }) => {
    const tokens = [...(mode ?? []), ...rules.flat()];
    return (header ?? '') + tokens.map((t, i) => (i ? separators[i % separators.length] : '') + t).join('') + (footer ?? '');
  });

const commentsOf = (source: string) =>
  lex(source)
    .comments.map((c) => c.image.trimEnd())
    .sort();

/** Facts for evaluation with schema "none": the generated fields, sometimes missing, of varied types. */
const factsArb = fc.record(
  {
    price: fc.oneof(fc.integer({ min: -5, max: 1000 }), fc.constant(2.5)),
    quantity: fc.nat(30),
    customer_tier: fc.constantFrom('vip', 'regular', 'new', 'Z'),
    items: fc.array(fc.record({ quantity: fc.nat(5), sku: fc.constantFrom('a', 'Z', 'vip') }), { maxLength: 3 }),
    tags: fc.array(fc.constantFrom('a', 'vip', '#'), { maxLength: 3 }),
    flag: fc.boolean(),
    created_at: fc.constantFrom('2025-10-15T10:00:00Z', '2024-01-01T00:00:00Z'),
    priority: fc.constantFrom('high', 'standard'),
    x: fc.oneof(fc.integer(), fc.string({ maxLength: 3 }), fc.boolean(), fc.constant(null)),
    a: fc.record({ b: fc.oneof(fc.nat(10), fc.record({ c: fc.nat(10) })) }),
  },
  { requiredKeys: [] },
);

describe('round trip of generated rule files', () => {
  test('generated files parse; formatting is idempotent and keeps the AST and every comment', () => {
    fc.assert(
      fc.property(fileArb, (source) => {
        const { file, diagnostics } = parseRules(source);
        if (!file) throw new Error(`generator produced a syntax error: ${JSON.stringify(diagnostics)}\n${source}`);
        const formatted = formatRules(source);
        expect(formatRules(formatted)).toBe(formatted);
        expect(astOf(formatted)).toEqual(stripSpans(file));
        expect(commentsOf(formatted)).toEqual(commentsOf(source));
        // Canonical text: no tabs, no trailing blanks, no \r, one final newline.
        expect(formatted).not.toMatch(/[ \t]$|\t|\r/m);
        if (formatted !== '') expect(formatted.endsWith('\n') && !formatted.endsWith('\n\n')).toBe(true);
      }),
      { numRuns: runs(300) },
    );
  });

  test('formatted files compile exactly when the originals do, and evaluate the same', () => {
    let compared = 0;
    fc.assert(
      fc.property(fileArb, fc.array(factsArb, { minLength: 1, maxLength: 4 }), (source, factsList) => {
        const formatted = formatRules(source);
        const original = expectOnlyCompileErrors(source, () => compileRules(source, { schema: 'none' }));
        const reformatted = expectOnlyCompileErrors(formatted, () => compileRules(formatted, { schema: 'none' }));
        expect(reformatted.ok).toBe(original.ok);
        if (!original.ok) {
          // Same problems, reported at the formatted positions.
          const messages = (e: typeof original) => e.error!.diagnostics.map((d) => d.message.replace(/line \d+/g, 'line N')).sort();
          expect(messages(reformatted)).toEqual(messages(original));
          return;
        }
        compared++;
        const a = compileRules(source, { schema: 'none' });
        const b = compileRules(formatted, { schema: 'none' });
        expect(b.rules.map(({ line: _line, ...info }) => info)).toEqual(a.rules.map(({ line: _line, ...info }) => info));
        for (const facts of factsList) {
          expect(b.evaluate(facts, { now })).toEqual(a.evaluate(facts, { now }));
          expect(b.evaluate(facts, { now, explain: true }).trace?.map((t) => t.status)).toEqual(a.evaluate(facts, { now, explain: true }).trace?.map((t) => t.status));
        }
      }),
      { numRuns: runs(300) },
    );
    // The property is vacuous unless a fair share of generated files compile.
    expect(compared).toBeGreaterThan(30);
  });
});
