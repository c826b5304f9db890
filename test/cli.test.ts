import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../dsl/cli/main';

const dir = mkdtempSync(join(tmpdir(), 'creatorflow-cli-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const validRules = file(
  'valid.rules',
  `rule "Big order"
  priority 70
when
  price >= 100
then
  route_to(queue: "high_value")
  add_tag(tag: "big")
end

rule "Small order" when price < 10 then add_tag(tag: "small") end
`,
);
const brokenRules = file('broken.rules', `rule "A"\nwhen\n  customer_tier = "vipp"\nthen\n  route_to(queue: "standard")\nend\n\nrule "B" when oders_per_hour > 3 then stop end\n`);

describe('check', () => {
  test('valid files exit 0 and say how many rules they hold', () => {
    const r = run('check', validRules);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${validRules}: ok (2 rules, mode all)\n`);
  });

  test('every problem is printed as file:line:column with the source line and a caret; exit 1', () => {
    const r = run('check', validRules, brokenRules);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `${brokenRules}:3:19: error: "vipp" is not a customer_tier value (did you mean 'vip'?); expected one of vip, regular, new\n  customer_tier = "vipp"\n                  ^~~~~~\n`,
    );
    expect(r.err).toContain(`${brokenRules}:8:15: error: unknown field 'oders_per_hour' (did you mean 'orders_per_hour'?)\nrule "B" when oders_per_hour > 3 then stop end\n              ^~~~~~~~~~~~~~\n`);
    expect(r.out).toContain('valid.rules: ok');
  });

  test('--schema none accepts unknown fields', () => {
    const rules = file('free.rules', 'rule "Free" when widget_count > 3 then add_tag(tag: "w") end\n');
    expect(run('check', rules).code).toBe(1);
    expect(run('check', rules, '--schema', 'none').code).toBe(0);
  });

  test('usage errors exit 2 with a message', () => {
    expect(run('check').code).toBe(2);
    const missing = run('check', join(dir, 'nope.rules'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('nope.rules: no such file');
    expect(run('check', validRules, '--schema', 'weird').err).toContain('--schema must be "order" or "none"');
    expect(run('check', validRules, '--bogus').err).toContain('unknown option --bogus');
    expect(run('check', validRules, '-x').err).toContain('unknown option -x');
    expect(run('check', validRules, '--schema', 'none', '--schema=order').err).toContain('--schema is given twice');
    expect(run('frobnicate').code).toBe(2);
  });
});

describe('eval', () => {
  const facts = file('facts.json', JSON.stringify([{ price: 150 }, { price: 5 }, { price: 50 }]));
  const single = file('one.json', JSON.stringify({ price: 150 }));

  test('--json prints an array of results for an array of facts, in order', () => {
    const r = run('eval', validRules, '--facts', facts, '--json');
    expect(r.code).toBe(0);
    const results = JSON.parse(r.out);
    expect(results.map((x: { matched: string[] }) => x.matched)).toEqual([['big-order'], ['small-order'], []]);
    expect(results[0].decision.queue).toBe('high_value');
    expect(results[0].trace).toBeUndefined();
  });

  test('--json prints one result for one facts object; --explain adds the trace', () => {
    const r = run('eval', validRules, '--facts', single, '--json', '--explain');
    const result = JSON.parse(r.out);
    expect(result.matched).toEqual(['big-order']);
    expect(result.trace[0]).toEqual({
      rule: 'big-order',
      status: 'fired',
      predicates: [{ predicate: 'price >= 100', line: 4, column: 3, values: [150, 100], outcome: true }],
    });
  });

  test('--now sets the evaluation time', () => {
    const timed = file('timed.rules', 'rule "Old" when created_at < now - 1d then add_tag(tag: "old") end\n');
    const order = file('order.json', JSON.stringify({ created_at: '2025-10-01T00:00:00Z' }));
    const early = JSON.parse(run('eval', timed, '--facts', order, '--json', '--now', '2025-10-01T12:00:00Z').out);
    const late = JSON.parse(run('eval', timed, '--facts', order, '--json', '--now', '2025-10-03T00:00:00Z').out);
    expect(early.matched).toEqual([]);
    expect(late.matched).toEqual(['old']);
  });

  test('without --json it prints a readable summary per order', () => {
    const r = run('eval', validRules, '--facts', facts, '--explain');
    expect(r.out).toContain('#1 matched: big-order\n  queue high_value, priority standard, impact MED');
    expect(r.out).toContain('#3 matched: (none)');
    expect(r.out).toContain('4:3  price >= 100  [50, 100] -> false');
  });

  test('bad facts and bad options are clear usage errors', () => {
    const bad = file('bad.json', '{"price": 1,,}');
    expect(run('eval', validRules, '--facts', bad).err).toMatch(/bad\.json: invalid JSON: .*line 1 column 13/);
    expect(run('eval', validRules, '--facts', file('num.json', '[1]')).err).toContain('item 1 of the array is not an object');
    expect(run('eval', validRules, '--facts', single, '--now', 'yesterday').err).toContain('--now must be an ISO 8601 date-time');
    // without a zone the instant would depend on the machine's time zone
    expect(run('eval', validRules, '--facts', single, '--now', '2025-10-15T12:00:00').code).toBe(2);
    expect(run('eval', validRules).code).toBe(2);
    expect(run('eval', validRules, '--facts', single, '--explain=1').err).toContain('--explain takes no value');
  });

  test('facts that do not fit the order facts are reported, not silently unknown', () => {
    const wrong = file('wrong.json', JSON.stringify([{ price: 150 }, { price: '600', customer_tier: 'vipp', deadline: null }]));
    const r = run('eval', validRules, '--facts', wrong);
    expect(r.code).toBe(1);
    expect(r.err).toContain('wrong.json: item 2: price: Expected number, received string');
    expect(r.err).toContain("wrong.json: item 2: customer_tier: Invalid enum value. Expected 'vip' | 'regular' | 'new', received 'vipp'");
    expect(r.err).not.toContain('deadline');
    expect(r.out).toBe('');
    expect(run('eval', validRules, '--facts', wrong, '--schema', 'none').code).toBe(0);
  });

  test('an invalid rules file exits 1 with diagnostics', () => {
    const r = run('eval', brokenRules, '--facts', single);
    expect(r.code).toBe(1);
    expect(r.err).toContain('broken.rules:3:19: error:');
  });
});

describe('fmt', () => {
  test('prints the canonical form, and formatting it again changes nothing', () => {
    const messy = file('messy.rules', 'rule "X" priority 10 id "x-1" when price>1 and(sku = "a") then add_tag(tag:"t"),stop end');
    const r = run('fmt', messy);
    expect(r.code).toBe(0);
    expect(r.out).toBe('rule "X"\n  id "x-1"\n  priority 10\nwhen\n  price > 1 and sku = "a"\nthen\n  add_tag(tag: "t")\n  stop\nend\n');
    expect(run('fmt', file('again.rules', r.out)).out).toBe(r.out);
  });

  test('a file that does not parse exits 1 with positioned errors', () => {
    const r = run('fmt', file('bad.rules', 'rule "X" when price > then stop end'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('bad.rules:1:23: error: expected a value');
  });
});

describe('test', () => {
  const rules = file('tiers.rules', 'rule "VIP" when customer_tier = "vip" then escalate_priority(priority: "urgent") end\n');
  const tests = (cases: unknown) => file('tiers.rules.test.json', JSON.stringify({ cases }));

  test('passing cases exit 0 with a count', () => {
    tests([
      { name: 'vip', facts: { customer_tier: 'vip' }, expect: { matched: ['vip'], decision: { queue: 'high_value' } } },
      { name: 'regular', facts: { customer_tier: 'regular' }, expect: { not_matched: ['vip'], decision: { priority: 'standard' } } },
    ]);
    const r = run('test', rules);
    expect(r.code).toBe(0);
    expect(r.out).toContain('tiers.rules: 2/2 cases passed');
    expect(r.out).toMatch(/^2 passed, 0 failed$/m);
  });

  test('each failure names the rules file, the case and the difference; exit 1', () => {
    tests([
      { name: 'wrong queue', facts: { customer_tier: 'vip' }, expect: { decision: { queue: 'standard' } } },
      { name: 'fine', facts: { customer_tier: 'vip' }, expect: { matched: ['vip'] } },
      { name: 'wrong match', facts: { customer_tier: 'new' }, expect: { matched: ['vip'] } },
    ]);
    const r = run('test', dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${rules}: FAIL wrong queue\n    decision.queue: expected "standard", got "high_value"`);
    expect(r.err).toContain(`${rules}: FAIL wrong match\n    matched: expected ["vip"], got []`);
    expect(r.out).toMatch(/^1 passed, 2 failed$/m);
  });

  test('a malformed test file is reported, not ignored', () => {
    tests([{ name: 'x', facts: {}, expect: { matched: 'vip' } }]);
    const r = run('test', rules);
    expect(r.code).toBe(1);
    expect(r.err).toContain('not a valid rule test file');
    expect(r.err).toContain('cases.0.expect.matched');
  });

  test('a case naming a rule id that does not exist fails instead of passing for nothing', () => {
    tests([{ name: 'typo', facts: { customer_tier: 'new' }, expect: { not_matched: ['vpi'] } }]);
    const r = run('test', rules);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${rules}: FAIL typo\n    no rule has the id 'vpi'`);
  });

  test('a case that checks nothing is a malformed test file', () => {
    tests([{ name: 'empty', facts: {}, expect: {} }]);
    const r = run('test', rules);
    expect(r.code).toBe(1);
    expect(r.err).toContain('cases.0.expect: expect needs matched, not_matched or decision');
  });

  test('case facts that do not fit the order facts fail the case', () => {
    tests([{ name: 'string price', facts: { customer_tier: 'vip', price: '10' }, expect: { matched: ['vip'] } }]);
    const r = run('test', rules);
    expect(r.code).toBe(1);
    expect(r.err).toContain('FAIL string price\n    facts: price: Expected number, received string');
  });

  test('a test file whose rules file is missing says which file is missing', () => {
    const orphan = file('orphan.rules.test.json', JSON.stringify({ cases: [{ name: 'x', facts: {}, expect: { matched: [] } }] }));
    const r = run('test', orphan);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`the rules file it tests, ${join(dir, 'orphan.rules')}, does not exist`);
  });

  test('a .rules file without tests is a usage error', () => {
    expect(run('test', validRules).err).toContain('no rule tests beside it');
  });
});

describe('the shipped sample rules', () => {
  test('check clean and pass their own rule tests', () => {
    expect(run('check', 'rules/order-routing.rules').code).toBe(0);
    const r = run('test', 'rules');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  test('are in canonical form', () => {
    expect(run('fmt', 'rules/order-routing.rules').out).toBe(readFileSync('rules/order-routing.rules', 'utf8'));
  });
});

describe('the installed binary', () => {
  test('dist/dsl/cli/main.js runs as a program with real exit codes', () => {
    const bin = join(__dirname, '..', 'dist', 'dsl', 'cli', 'main.js');
    const ok = spawnSync(process.execPath, [bin, 'check', validRules], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    const bad = spawnSync(process.execPath, [bin, 'check', brokenRules], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('broken.rules:3:19: error:');
  });
});
