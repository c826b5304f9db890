// What is known about a product beyond its orders: hashtags trending now, creators the shop
// watches, flash sales. Validated and indexed once, then matched on every assessment.
import { z } from 'zod';
import { InvalidViralSignalsError, problemsOf } from './errors';
import type { ViralIndicator } from './indicator';
import type { ViralContext } from './input';

export interface TrendingHashtag {
  /** '#' optional; matched case-insensitively. */
  tag: string;
  confidence: number;
  impactMultiplier: number;
  /** The indicator's source; "trending_hashtags" when absent. */
  source?: string;
}

export interface WatchedCreator {
  /** '@' optional; matched case-insensitively. */
  handle: string;
  confidence: number;
  impactMultiplier: number;
}

export interface FlashSale {
  name: string;
  /** The products on sale; null for every product of the shop. */
  productIds: readonly string[] | null;
  /** Active from startsAt (included) to endsAt (excluded). */
  startsAt: Date;
  endsAt: Date;
  confidence: number;
  impactMultiplier: number;
}

export interface ViralSignals {
  trendingHashtags?: readonly TrendingHashtag[];
  watchedCreators?: readonly WatchedCreator[];
  flashSales?: readonly FlashSale[];
}

/** A flash sale as matched: its times as numbers and ISO strings, its products as a set. */
interface PreparedFlashSale {
  name: string;
  productIds: ReadonlySet<string> | null;
  startMs: number;
  endMs: number;
  startsAt: string;
  endsAt: string;
  confidence: number;
  impactMultiplier: number;
}

/** Signals validated, with hashtags and handles keyed by their normalized spelling. */
export interface PreparedViralSignals {
  hashtags: ReadonlyMap<string, TrendingHashtag>;
  creators: ReadonlyMap<string, WatchedCreator>;
  flashSales: readonly PreparedFlashSale[];
}

export function normalizeHashtag(tag: string): string {
  return tag.trim().replace(/^#+/, '').trim().toLowerCase();
}

export function normalizeHandle(handle: string): string {
  return handle.trim().replace(/^@+/, '').trim().toLowerCase();
}

const confidence = z.number().min(0).max(1);
const impactMultiplier = z.number().finite().min(0);
const named = (normalize: (text: string) => string, what: string) => z.string().refine((text) => normalize(text) !== '', `${what} must not be empty`);
const validDate = z.date().refine((date) => !Number.isNaN(date.getTime()), 'Invalid Date');

const signalsSchema = z
  .object({
    trendingHashtags: z.array(z.object({ tag: named(normalizeHashtag, 'tag'), confidence, impactMultiplier, source: z.string().min(1).optional() }).strict()),
    watchedCreators: z.array(z.object({ handle: named(normalizeHandle, 'handle'), confidence, impactMultiplier }).strict()),
    flashSales: z.array(
      z
        .object({ name: z.string().min(1), productIds: z.array(z.string().min(1)).nullable(), startsAt: validDate, endsAt: validDate, confidence, impactMultiplier })
        .strict()
        .refine((sale) => sale.startsAt.getTime() < sale.endsAt.getTime(), { message: 'startsAt must be before endsAt', path: ['endsAt'] }),
    ),
  })
  .partial()
  .strict();

/** Validates the signals and indexes them; throws InvalidViralSignalsError listing every problem. */
export function prepareViralSignals(signals: ViralSignals = {}): PreparedViralSignals {
  const parsed = signalsSchema.safeParse(signals);
  if (!parsed.success) throw new InvalidViralSignalsError(problemsOf(parsed.error, 'signals'));
  // From here on the parsed copy: the caller changing its objects later changes nothing.
  const { trendingHashtags = [], watchedCreators = [], flashSales = [] } = parsed.data;
  const problems: string[] = [];
  const hashtags = indexBy(trendingHashtags, (h) => normalizeHashtag(h.tag), 'trendingHashtags', problems);
  const creators = indexBy(watchedCreators, (c) => normalizeHandle(c.handle), 'watchedCreators', problems);
  if (problems.length > 0) throw new InvalidViralSignalsError(problems);
  return {
    hashtags,
    creators,
    flashSales: flashSales.map(({ name, productIds, startsAt, endsAt, confidence, impactMultiplier }) => ({
      name,
      productIds: productIds === null ? null : new Set(productIds),
      startMs: startsAt.getTime(),
      endMs: endsAt.getTime(),
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      confidence,
      impactMultiplier,
    })),
  };
}

// Two entries for one hashtag ("#Viral" and "viral") would make its confidence ambiguous.
function indexBy<T>(items: readonly T[], key: (item: T) => string, where: string, problems: string[]): Map<string, T> {
  const index = new Map<string, T>();
  items.forEach((item, i) => {
    const k = key(item);
    if (index.has(k)) problems.push(`signals.${where}.${i}: "${k}" is listed twice`);
    index.set(k, item);
  });
  return index;
}

/** Appends the indicators the signals give for this product at this time (atMs, also as ISO `at`) and context: hashtags, creators, then flash sales. */
export function signalIndicators(signals: PreparedViralSignals, productId: string, atMs: number, at: string, context: ViralContext | undefined, into: ViralIndicator[]): void {
  for (const hashtag of matched(signals.hashtags, context?.hashtags, normalizeHashtag)) {
    into.push({ type: 'hashtag_trending', source: hashtag.source ?? 'trending_hashtags', confidence: hashtag.confidence, impact_multiplier: hashtag.impactMultiplier, detected_at: at, metadata: { hashtag: hashtag.tag } });
  }
  for (const creator of matched(signals.creators, context?.creators, normalizeHandle)) {
    into.push({ type: 'influencer_mention', source: 'watched_creators', confidence: creator.confidence, impact_multiplier: creator.impactMultiplier, detected_at: at, metadata: { handle: creator.handle } });
  }
  for (const sale of signals.flashSales) {
    if (atMs < sale.startMs || atMs >= sale.endMs || (sale.productIds !== null && !sale.productIds.has(productId))) continue;
    into.push({
      type: 'flash_sale',
      source: 'flash_sales',
      confidence: sale.confidence,
      impact_multiplier: sale.impactMultiplier,
      detected_at: sale.startsAt,
      metadata: { name: sale.name, starts_at: sale.startsAt, ends_at: sale.endsAt },
    });
  }
}

/** The signals named in the context, each once, in the context's order. */
function matched<T>(index: ReadonlyMap<string, T>, names: readonly string[] | undefined, normalize: (name: string) => string): T[] {
  if (names === undefined || names.length === 0 || index.size === 0) return [];
  const found = new Set<T>();
  for (const name of names) {
    const signal = index.get(normalize(name));
    if (signal !== undefined) found.add(signal);
  }
  return [...found];
}
