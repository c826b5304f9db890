// Bad input gets a typed error and changes nothing; the same input always gives the same answer.
import fc from 'fast-check';
import { CreatorFlowError } from '../../domain/errors';
import { createViralDetector, type ViralDetectorOptions } from '../../viral/detector';
import { InvalidViralInputError, InvalidViralOptionsError, InvalidViralSignalsError } from '../../viral/errors';

const MINUTE = 60_000;
const T0 = Date.UTC(2025, 9, 1);
const at = (ms: number) => new Date(T0 + ms);

describe('invalid input', () => {
  it('refuses a bad product id, time or quantity with INVALID_VIRAL_INPUT, and the product stays as it was', () => {
    const detector = createViralDetector();
    for (let i = 0; i < 6; i++) detector.observe('p', at(i * 10_000));
    const before = detector.assess('p', at(MINUTE));
    const attempts: Array<() => void> = [
      () => detector.observe('', at(MINUTE)),
      () => detector.observe(42 as unknown as string, at(MINUTE)),
      () => detector.observe('p', new Date('not a date')),
      () => detector.observe('p', new Date(-MINUTE)),
      () => detector.observe('p', T0 as unknown as Date),
      () => detector.observe('p', at(MINUTE), 0),
      () => detector.observe('p', at(MINUTE), -2),
      () => detector.observe('p', at(MINUTE), 2.5),
      () => detector.observe('p', at(MINUTE), Number.NaN),
      () => detector.observe('p', at(MINUTE), '3' as unknown as number),
    ];
    for (const attempt of attempts) {
      expect(attempt).toThrow(InvalidViralInputError);
      expect(attempt).toThrow(expect.objectContaining({ code: 'INVALID_VIRAL_INPUT' }));
    }
    expect(detector.assess('p', at(MINUTE))).toEqual(before);
  });

  it('does not start a product on an observation it refuses', () => {
    const detector = createViralDetector();
    const never = detector.assess('q', at(MINUTE));
    expect(() => detector.observe('q', at(0), 0)).toThrow(InvalidViralInputError);
    expect(detector.assess('q', at(MINUTE))).toEqual(never);
  });

  it('refuses a bad assessment time or context', () => {
    const detector = createViralDetector();
    expect(() => detector.assess('p', new Date(Number.NaN))).toThrow(/now must be a valid Date/);
    expect(() => detector.assess('', at(0))).toThrow(/productId must be a non-empty string/);
    expect(() => detector.assess('p', at(0), null as unknown as object)).toThrow(/context must be an object/);
    expect(() => detector.assess('p', at(0), { hashtags: '#viral' as unknown as string[] })).toThrow(/context.hashtags must be an array of strings/);
    expect(() => detector.assess('p', at(0), { creators: ['ok', 7 as unknown as string] })).toThrow(/context.creators\[1\] must be a string, got 7/);
  });
});

describe('invalid options', () => {
  it.each<[string, unknown, RegExp]>([
    ['a window of 0 minutes', { windowMinutes: 0 }, /options.windowMinutes/],
    ['a fractional window', { windowMinutes: 2.5 }, /options.windowMinutes/],
    ['an alpha of 1', { escalateAlpha: 1 }, /options.escalateAlpha/],
    ['a report alpha below the escalation alpha', { reportAlpha: 1e-7, escalateAlpha: 1e-6 }, /escalateAlpha must not exceed reportAlpha/],
    ['a floor of 0', { baselineFloorPerHour: 0 }, /options.baselineFloorPerHour/],
    ['a minimum count of 0', { minCount: 0 }, /options.minCount/],
    ['an unknown option', { windowMinute: 15 }, /Unrecognized key.*windowMinute/],
    ['null', null, /options must be an object/],
  ])('refuses %s with INVALID_VIRAL_OPTIONS', (_, options, message) => {
    const create = () => createViralDetector(options as ViralDetectorOptions);
    expect(create).toThrow(InvalidViralOptionsError);
    expect(create).toThrow(message);
    expect(create).toThrow(expect.objectContaining({ code: 'INVALID_VIRAL_OPTIONS' }));
  });

  it.each<[string, unknown, RegExp]>([
    ['a confidence above 1', { trendingHashtags: [{ tag: 'x', confidence: 1.5, impactMultiplier: 3 }] }, /signals.trendingHashtags.0.confidence/],
    ['a negative impact', { watchedCreators: [{ handle: 'a', confidence: 0.5, impactMultiplier: -1 }] }, /signals.watchedCreators.0.impactMultiplier/],
    ['an empty hashtag', { trendingHashtags: [{ tag: ' # ', confidence: 0.5, impactMultiplier: 3 }] }, /tag must not be empty/],
    ['one hashtag twice', { trendingHashtags: [{ tag: '#Viral', confidence: 0.5, impactMultiplier: 3 }, { tag: 'viral', confidence: 0.9, impactMultiplier: 3 }] }, /"viral" is listed twice/],
    ['a sale ending when it starts', { flashSales: [{ name: 's', productIds: null, startsAt: at(0), endsAt: at(0), confidence: 0.5, impactMultiplier: 2 }] }, /signals.flashSales.0.endsAt: startsAt must be before endsAt/],
    ['a sale with an invalid date', { flashSales: [{ name: 's', productIds: null, startsAt: new Date('x'), endsAt: at(0), confidence: 0.5, impactMultiplier: 2 }] }, /signals.flashSales.0.startsAt/],
    ['an unknown kind of signal', { trendingSounds: [] }, /Unrecognized key/],
  ])('refuses signals with %s with INVALID_VIRAL_SIGNALS', (_, signals, message) => {
    const create = () => createViralDetector({ signals: signals as ViralDetectorOptions['signals'] });
    expect(create).toThrow(InvalidViralSignalsError);
    expect(create).toThrow(message);
    expect(create).toThrow(expect.objectContaining({ code: 'INVALID_VIRAL_SIGNALS' }));
  });

  it('raises errors of the package error family', () => {
    expect(() => createViralDetector({ minCount: -1 })).toThrow(CreatorFlowError);
  });
});

describe('determinism', () => {
  // Orders of one product as [seconds after T0, quantity], within the last 10 minutes before the assessment.
  const recentOrders = fc.array(fc.tuple(fc.integer({ min: 0, max: 599 }), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 30 });

  it('gives the same assessments for the same calls', () => {
    fc.assert(
      fc.property(recentOrders, (orders) => {
        const [a, b] = [createViralDetector(), createViralDetector()];
        for (const detector of [a, b]) for (const [seconds, quantity] of orders) detector.observe('p', at(seconds * 1000), quantity);
        expect(a.assess('p', at(600_000))).toEqual(b.assess('p', at(600_000)));
      }),
    );
  });

  it('gives the same assessment whatever order the window’s observations arrive in', () => {
    fc.assert(
      fc.property(
        recentOrders.chain((orders) => fc.tuple(fc.constant(orders), fc.shuffledSubarray(orders, { minLength: orders.length, maxLength: orders.length }))),
        ([orders, shuffled]) => {
          const [a, b] = [createViralDetector(), createViralDetector()];
          for (const [seconds, quantity] of orders) a.observe('p', at(seconds * 1000), quantity);
          for (const [seconds, quantity] of shuffled) b.observe('p', at(seconds * 1000), quantity);
          expect(b.assess('p', at(600_000))).toEqual(a.assess('p', at(600_000)));
        },
      ),
    );
  });

  it('assessing changes nothing: assessing later, then earlier, gives the earlier answer again', () => {
    const detector = createViralDetector();
    for (let i = 0; i < 10; i++) detector.observe('p', at(i * 7_000));
    const first = detector.assess('p', at(70_000));
    detector.assess('p', at(3 * 3_600_000));
    expect(detector.assess('p', at(70_000))).toEqual(first);
  });
});
