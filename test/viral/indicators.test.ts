// The assessment's indicators: their shape, the seed's escalation thresholds, the 5x cap and the
// signals (trending hashtags, watched creators, flash sales).
import { createViralDetector, type ViralDetector, type ViralDetectorOptions } from '../../viral/detector';
import { poissonUpperTail } from '../../viral/poisson';
import type { ViralSignals } from '../../viral/signals';

const MINUTE = 60_000;
const T0 = Date.UTC(2025, 9, 1);
const at = (ms: number) => new Date(T0 + ms);
const HISTORY_END = 2 * 24 * 60 * MINUTE;

/** A detector holding a product "p" with two days at 2 orders/hour, then `burst` orders 20 s apart from HISTORY_END. */
function withBurst(burst: number, options: ViralDetectorOptions = {}): ViralDetector {
  const detector = createViralDetector(options);
  for (let i = 0; i < 96; i++) detector.observe('p', at(i * 30 * MINUTE));
  for (let i = 0; i < burst; i++) detector.observe('p', at(HISTORY_END + i * 20_000));
  return detector;
}
const afterBurst = (burst: number) => at(HISTORY_END + (burst - 1) * 20_000);

describe('content_spike', () => {
  it('has the indicator shape, with the change it found in its metadata', () => {
    const assessment = withBurst(8).assess('p', afterBurst(8));
    expect(assessment.indicators).toHaveLength(1);
    const [spike] = assessment.indicators;
    expect(spike).toEqual({
      type: 'content_spike',
      source: 'order_velocity',
      confidence: expect.any(Number),
      impact_multiplier: 5,
      detected_at: at(HISTORY_END).toISOString(),
      metadata: { window_minutes: expect.any(Number), count: 8, expected: expect.any(Number), p_value: expect.any(Number) },
    });
    const { window_minutes, count, expected, p_value } = spike.metadata as Record<string, number>;
    // 8 orders from 0:00 to 2:20 of the burst: the window is 2 whole minutes and 21 seconds.
    expect(window_minutes).toBeCloseTo(2 + 21 / 60, 12);
    expect(expected).toBeCloseTo((assessment.baseline_orders_per_hour / 60) * window_minutes, 12);
    expect(p_value).toBeCloseTo(poissonUpperTail(count, expected), 20);
    expect(assessment.orders_per_hour).toBeCloseTo((60 * count) / window_minutes, 10);
    expect(spike.confidence).toBeGreaterThan(0.7);
    expect(spike.confidence).toBeLessThanOrEqual(1);
    expect(assessment.viral_confidence).toBe(spike.confidence);
    expect(assessment).toMatchObject({ product_id: 'p', assessed_at: afterBurst(8).toISOString(), viral: true, escalate: true });
  });

  it('caps velocity_multiplier (and the impact) at 5 while velocity_increase keeps the full ratio', () => {
    const assessment = withBurst(8).assess('p', afterBurst(8));
    expect(assessment.velocity_increase).toBeGreaterThan(50);
    expect(assessment.velocity_increase).toBeCloseTo(assessment.orders_per_hour / assessment.baseline_orders_per_hour - 1, 12);
    expect(assessment.velocity_multiplier).toBe(5);
  });

  it('escalates exactly when the tail, per hour of product time, is below escalateAlpha, where confidence is 0.7', () => {
    const loose = withBurst(5, { reportAlpha: 0.5, escalateAlpha: 0.5 }).assess('p', afterBurst(5));
    const p = (loose.indicators[0].metadata as Record<string, number>).p_value;
    const perHour = p * Math.max(1, loose.baseline_orders_per_hour);
    const above = withBurst(5, { reportAlpha: 0.5, escalateAlpha: perHour * 0.999 }).assess('p', afterBurst(5));
    expect(above.viral).toBe(true);
    expect(above.indicators[0].confidence).toBeLessThan(0.7);
    expect(above.indicators[0].confidence).toBeGreaterThan(0.69);
    expect(above.escalate).toBe(false);
    const below = withBurst(5, { reportAlpha: 0.5, escalateAlpha: perHour * 1.001 }).assess('p', afterBurst(5));
    expect(below.indicators[0].confidence).toBeGreaterThan(0.7);
    expect(below.indicators[0].confidence).toBeLessThan(0.71);
    expect(below.escalate).toBe(true);
  });

  it('is not reported when the tail is above reportAlpha, and then the current rate is the window drawn halfway to the baseline', () => {
    const assessment = withBurst(5, { reportAlpha: 1e-12, escalateAlpha: 1e-12 }).assess('p', afterBurst(5));
    expect(assessment).toMatchObject({ viral: false, escalate: false, indicators: [] });
    const windowMinutes = 14 + 21 / 60;
    const baselinePerMinute = assessment.baseline_orders_per_hour / 60;
    expect(assessment.orders_per_hour).toBeCloseTo((60 * (5 + baselinePerMinute * windowMinutes)) / (2 * windowMinutes), 10);
  });

  it('needs the seed rule: a significant change to 40 orders/hour or less is not viral', () => {
    const detector = createViralDetector();
    // A product that sold 0.5/hour for two days sells 9 in 14 minutes: significant, but 38.6/hour.
    for (let i = 0; i < 24; i++) detector.observe('slow', at(i * 120 * MINUTE));
    for (let i = 0; i < 9; i++) detector.observe('slow', at(HISTORY_END + i * 100_000));
    const assessment = detector.assess('slow', at(HISTORY_END + 8 * 100_000 + 59_000));
    expect(assessment.orders_per_hour).toBeLessThanOrEqual(40);
    expect(assessment.orders_per_hour).toBeGreaterThan(30);
    expect(assessment.velocity_increase).toBeGreaterThan(3);
    expect(assessment).toMatchObject({ viral: false, escalate: false, indicators: [] });
  });
});

describe('signals', () => {
  const signals: ViralSignals = {
    trendingHashtags: [
      { tag: '#TikTokMadeMeBuyIt', confidence: 0.8, impactMultiplier: 3 },
      { tag: 'glowup', confidence: 0.5, impactMultiplier: 4, source: 'creative_center' },
    ],
    watchedCreators: [{ handle: '@BeautyByMaya', confidence: 0.9, impactMultiplier: 2.5 }],
    flashSales: [
      { name: 'Lightning', productIds: ['p'], startsAt: at(10 * MINUTE), endsAt: at(40 * MINUTE), confidence: 0.6, impactMultiplier: 1.5 },
      { name: 'Storewide', productIds: null, startsAt: at(30 * MINUTE), endsAt: at(90 * MINUTE), confidence: 0.3, impactMultiplier: 1.2 },
    ],
  };
  const detector = createViralDetector({ signals });

  it('matches hashtags case-insensitively with or without #, each once, with the signal as indicator', () => {
    const assessment = detector.assess('p', at(0), { hashtags: ['tiktokmademebuyit', '#TIKTOKMADEMEBUYIT', '#unrelated', 'GlowUp'] });
    expect(assessment.indicators).toEqual([
      { type: 'hashtag_trending', source: 'trending_hashtags', confidence: 0.8, impact_multiplier: 3, detected_at: at(0).toISOString(), metadata: { hashtag: '#TikTokMadeMeBuyIt' } },
      { type: 'hashtag_trending', source: 'creative_center', confidence: 0.5, impact_multiplier: 4, detected_at: at(0).toISOString(), metadata: { hashtag: 'glowup' } },
    ]);
    expect(assessment.escalate).toBe(true); // 0.8 > 0.7 and 3 > 2
    expect(assessment.viral_confidence).toBeCloseTo(1 - 0.2 * 0.5, 15);
    expect(assessment.viral).toBe(false); // the velocity rule, not the indicators
  });

  it('matches creators case-insensitively with or without @', () => {
    for (const creator of ['beautybymaya', '@BEAUTYBYMAYA', ' @BeautyByMaya ']) {
      const [indicator] = detector.assess('p', at(0), { creators: [creator] }).indicators;
      expect(indicator).toMatchObject({ type: 'influencer_mention', source: 'watched_creators', confidence: 0.9, impact_multiplier: 2.5, metadata: { handle: '@BeautyByMaya' } });
    }
    expect(detector.assess('p', at(0), { creators: ['beautybymaya2'] }).indicators).toEqual([]);
  });

  it('counts a flash sale from its start (included) to its end (excluded), for its products or, with null, every product', () => {
    const sales = (productId: string, ms: number) => detector.assess(productId, at(ms)).indicators.map((i) => i.metadata.name);
    expect(sales('p', 10 * MINUTE - 1)).toEqual([]);
    expect(sales('p', 10 * MINUTE)).toEqual(['Lightning']);
    expect(sales('p', 30 * MINUTE)).toEqual(['Lightning', 'Storewide']);
    expect(sales('p', 40 * MINUTE - 1)).toEqual(['Lightning', 'Storewide']);
    expect(sales('p', 40 * MINUTE)).toEqual(['Storewide']);
    expect(sales('other', 20 * MINUTE)).toEqual([]);
    expect(sales('other', 30 * MINUTE)).toEqual(['Storewide']);
    expect(sales('other', 90 * MINUTE)).toEqual([]);
    const [lightning] = detector.assess('p', at(20 * MINUTE)).indicators;
    expect(lightning).toEqual({
      type: 'flash_sale',
      source: 'flash_sales',
      confidence: 0.6,
      impact_multiplier: 1.5,
      detected_at: at(10 * MINUTE).toISOString(),
      metadata: { name: 'Lightning', starts_at: at(10 * MINUTE).toISOString(), ends_at: at(40 * MINUTE).toISOString() },
    });
  });

  it('escalates only above confidence 0.7 and impact 2.0: exactly 0.7 or exactly 2.0 is not enough', () => {
    const escalates = (confidence: number, impactMultiplier: number) =>
      createViralDetector({ signals: { trendingHashtags: [{ tag: 'x', confidence, impactMultiplier }] } }).assess('p', at(0), { hashtags: ['x'] }).escalate;
    expect(escalates(0.7, 3)).toBe(false);
    expect(escalates(0.7000001, 3)).toBe(true);
    expect(escalates(0.9, 2)).toBe(false);
    expect(escalates(0.9, 2.0000001)).toBe(true);
  });

  it('combines indicators by noisy-OR: a spike and a creator together', () => {
    const combined = withBurst(8, { signals }).assess('p', afterBurst(8), { creators: ['beautybymaya'] });
    expect(combined.indicators.map((i) => i.type)).toEqual(['content_spike', 'influencer_mention']);
    expect(combined.viral_confidence).toBeCloseTo(1 - (1 - combined.indicators[0].confidence) * (1 - 0.9), 15);
  });

  it('keeps its own copy: changing the signals given changes nothing afterwards', () => {
    const hashtag = { tag: 'x', confidence: 0.8, impactMultiplier: 3 };
    const own = createViralDetector({ signals: { trendingHashtags: [hashtag] } });
    hashtag.confidence = 0.1;
    expect(own.assess('p', at(0), { hashtags: ['x'] }).indicators[0].confidence).toBe(0.8);
  });
});
