import { serviceLevels, type ServiceLevel } from '../dsl/schema/order-facts';
import type { RateQuote } from './carrier';
import { InvalidShipmentError, NoCarrierAvailableError } from './errors';
import { addBusinessDays } from './business-days';

// The rules language's service levels, listed fastest last: a faster service satisfies a slower level.

export interface SelectionWeights {
  cost: number;
  speed: number;
  reliability: number;
}

export interface CarrierSelectionOptions {
  /** The slowest acceptable service; quotes slower than it are dropped while any quote meets it. */
  serviceLevel?: ServiceLevel | null;
  /** The parcel must arrive by then: speed scores whether the estimate makes it. */
  deadline?: Date | null;
  /** The business rules' `select_carrier(carrier: ...)`: a provider ("ups") or carrier name; "auto" leaves it to the score. */
  ruleCarrier?: string | null;
  /** The order's (or buyer's) preferred provider or carrier; honoured when it can meet the other constraints. */
  carrierPreference?: string | null;
  weights?: Partial<SelectionWeights>;
  /** Share of a provider's (or carrier's) parcels delivered on time, 0..1; unknown ones count as `defaultReliability`. */
  reliability?: Record<string, number>;
  defaultReliability?: number;
  /** Ship date for the deadline arithmetic; defaults to the current time. */
  now?: Date;
  /** Prices are compared in one currency: this one, else the one most quotes are in. */
  currency?: string;
}

export interface ScoredQuote {
  quote: RateQuote;
  serviceLevel: ServiceLevel;
  /** Business-day estimate of arrival; null when the carrier gave no estimate. */
  estimatedArrival: Date | null;
  /** Whether the estimate makes the deadline; null without a deadline or an estimate. */
  onTime: boolean | null;
  score: number;
  components: SelectionWeights;
}

export interface CarrierSelection {
  chosen: ScoredQuote;
  /** Every candidate best first: the order in which a failing purchase falls over. */
  ranked: ScoredQuote[];
  /** Why this quote won, one sentence per step, for the operator. */
  explanation: string[];
}

const defaultWeights: SelectionWeights = { cost: 0.5, speed: 0.3, reliability: 0.2 };

/**
 * The service level a quote delivers, from its transit estimate: 1 day is overnight, 2 is
 * expedited, more (or none given) is standard.
 */
export function serviceLevelOf(quote: RateQuote): ServiceLevel {
  if (quote.estimatedDays !== null && quote.estimatedDays <= 1) return 'overnight';
  if (quote.estimatedDays !== null && quote.estimatedDays <= 2) return 'expedited';
  return 'standard';
}

/**
 * Picks the quote to buy. Hard constraints narrow the candidates only when some quote can meet
 * them (otherwise the explanation says which one was given up): first the rule's carrier, then the
 * service level, then the deadline, then the order's carrier preference. The rest are scored by weighted cost (cheapest
 * = 1), speed (on time for the deadline = 1, late = 0; without a deadline fastest = 1) and reliability.
 */
export function selectCarrier(quotes: readonly RateQuote[], options: CarrierSelectionOptions = {}): CarrierSelection {
  if (quotes.length === 0) throw new NoCarrierAvailableError([]);
  checkOptions(options);
  const weights = resolveWeights(options.weights);
  const now = options.now ?? new Date();
  const explanation: string[] = [];

  // Prices in different currencies cannot be weighed against each other without exchange rates.
  const currency = options.currency ?? mostCommonCurrency(quotes);
  let candidates = quotes.filter((q) => q.currency === currency);
  if (candidates.length === 0) throw new NoCarrierAvailableError([]);
  if (candidates.length < quotes.length) explanation.push(`Compared the ${candidates.length} quotes in ${currency}; left out ${quotes.length - candidates.length} in other currencies.`);
  const ruleCarrier = options.ruleCarrier?.toLowerCase();
  if (ruleCarrier && ruleCarrier !== 'auto') {
    candidates = narrow(candidates, (q) => matchesCarrier(q, ruleCarrier), explanation, `the rules chose ${ruleCarrier}`);
  }
  if (options.serviceLevel) {
    const wanted = serviceLevels.indexOf(options.serviceLevel);
    candidates = narrow(candidates, (q) => serviceLevels.indexOf(serviceLevelOf(q)) >= wanted, explanation, `service level ${options.serviceLevel} or faster`);
  }
  const deadline = options.deadline;
  if (deadline) {
    const arrivesInTime = (q: RateQuote): boolean => (arrivalOf(q, now)?.getTime() ?? Infinity) <= deadline.getTime();
    candidates = narrow(candidates, arrivesInTime, explanation, `arrives by ${deadline.toISOString()}`);
  }
  const preference = options.carrierPreference?.toLowerCase();
  if (preference) {
    candidates = narrow(candidates, (q) => matchesCarrier(q, preference), explanation, `the order prefers ${preference}`);
  }

  const ranked = score(candidates, { ...options, now }, weights).sort(byScoreThenPrice);
  const fallbacks = score(
    quotes.filter((q) => !candidates.includes(q) && q.currency === currency),
    { ...options, now },
    weights,
  ).sort(byScoreThenPrice);
  const chosen = ranked[0];
  explanation.push(describeChoice(chosen, ranked.length, options.deadline ?? null));
  return { chosen, ranked: [...ranked, ...fallbacks], explanation };
}

function checkOptions(options: CarrierSelectionOptions): void {
  const problems: string[] = [];
  if (options.serviceLevel != null && !serviceLevels.includes(options.serviceLevel)) {
    problems.push(`serviceLevel must be one of ${serviceLevels.join(', ')}, not ${JSON.stringify(options.serviceLevel)}`);
  }
  for (const name of ['deadline', 'now'] as const) {
    const value = options[name];
    if (value != null && !(value instanceof Date && Number.isFinite(value.getTime()))) problems.push(`${name} must be a valid Date`);
  }
  if (problems.length > 0) throw new InvalidShipmentError(problems);
}

function mostCommonCurrency(quotes: readonly RateQuote[]): string {
  const counts = new Map<string, number>();
  for (const q of quotes) counts.set(q.currency, (counts.get(q.currency) ?? 0) + 1);
  return [...counts.entries()].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
}

function resolveWeights(given: Partial<SelectionWeights> | undefined): SelectionWeights {
  const unknown = Object.keys(given ?? {}).filter((key) => !(key in defaultWeights));
  if (unknown.length > 0) throw new InvalidShipmentError([`selection weights are cost, speed and reliability; unknown: ${unknown.join(', ')}`]);
  const weights = { ...defaultWeights };
  for (const key of Object.keys(defaultWeights) as Array<keyof SelectionWeights>) weights[key] = given?.[key] ?? defaultWeights[key];
  const values = Object.values(weights);
  if (values.some((w) => !Number.isFinite(w) || w < 0) || values.every((w) => w === 0)) {
    throw new InvalidShipmentError([`selection weights must be non-negative numbers, not all zero: ${JSON.stringify(weights)}`]);
  }
  return weights;
}

/**
 * Whether the quote is the named carrier's: its adapter ("shippo"), or its provider's family as the
 * rules name it, whatever the aggregator's spelling ("ups" is EasyPost's "UPSDAP", "dhl" Shippo's
 * "DHL Express").
 */
function matchesCarrier(quote: RateQuote, name: string): boolean {
  const wanted = spellingFree(name);
  return spellingFree(quote.carrier) === wanted || (wanted !== '' && spellingFree(quote.provider).startsWith(wanted));
}

function spellingFree(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Keeps the quotes that pass, unless none does: then keeps them all and says so. */
function narrow(candidates: RateQuote[], passes: (q: RateQuote) => boolean, explanation: string[], constraint: string): RateQuote[] {
  const kept = candidates.filter(passes);
  if (kept.length > 0) {
    explanation.push(`Kept ${kept.length} of ${candidates.length} quotes: ${constraint}.`);
    return kept;
  }
  explanation.push(`No quote meets "${constraint}"; ignored it.`);
  return candidates;
}

function score(quotes: RateQuote[], options: CarrierSelectionOptions & { now: Date }, weights: SelectionWeights): ScoredQuote[] {
  if (quotes.length === 0) return [];
  const cheapest = Math.min(...quotes.map((q) => q.amount));
  const fastest = Math.min(...quotes.map((q) => q.estimatedDays ?? Infinity));
  const total = weights.cost + weights.speed + weights.reliability;
  return quotes.map((quote) => {
    const estimatedArrival = arrivalOf(quote, options.now);
    const onTime = options.deadline && estimatedArrival ? estimatedArrival.getTime() <= options.deadline.getTime() : null;
    const components: SelectionWeights = {
      cost: quote.amount <= 0 ? 1 : cheapest / quote.amount,
      speed: speedScore(quote, onTime, fastest, Boolean(options.deadline)),
      reliability: reliabilityOf(quote, options),
    };
    const weighted = weights.cost * components.cost + weights.speed * components.speed + weights.reliability * components.reliability;
    return { quote, serviceLevel: serviceLevelOf(quote), estimatedArrival, onTime, score: weighted / total, components };
  });
}

function arrivalOf(quote: RateQuote, shipDate: Date): Date | null {
  return quote.estimatedDays === null ? null : addBusinessDays(shipDate, quote.estimatedDays);
}

function speedScore(quote: RateQuote, onTime: boolean | null, fastest: number, hasDeadline: boolean): number {
  if (hasDeadline) return onTime === true ? 1 : 0;
  if (quote.estimatedDays === null) return 0;
  return Math.max(fastest, 1) / Math.max(quote.estimatedDays, 1);
}

function reliabilityOf(quote: RateQuote, options: CarrierSelectionOptions): number {
  const table = options.reliability ?? {};
  const value = table[quote.provider.toLowerCase()] ?? table[quote.carrier.toLowerCase()] ?? options.defaultReliability ?? 0.9;
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new InvalidShipmentError([`reliability of ${quote.provider} must be between 0 and 1, not ${value}`]);
  }
  return value;
}

function byScoreThenPrice(a: ScoredQuote, b: ScoredQuote): number {
  return b.score - a.score || a.quote.amount - b.quote.amount || a.quote.carrier.localeCompare(b.quote.carrier);
}

function describeChoice(chosen: ScoredQuote, candidates: number, deadline: Date | null): string {
  const q = chosen.quote;
  const days = q.estimatedDays === null ? 'no transit estimate' : `${q.estimatedDays} business day${q.estimatedDays === 1 ? '' : 's'}`;
  const timing = deadline === null ? '' : chosen.onTime ? `, arrives by the deadline ${deadline.toISOString()}` : ', cannot make the deadline (none of the candidates can do better)';
  return (
    `Chose ${q.carrier} ${q.provider} ${q.service} at ${q.amount.toFixed(2)} ${q.currency} (${days}${timing}); ` +
    `best score ${chosen.score.toFixed(3)} of ${candidates} candidate${candidates === 1 ? '' : 's'} ` +
    `(cost ${chosen.components.cost.toFixed(2)}, speed ${chosen.components.speed.toFixed(2)}, reliability ${chosen.components.reliability.toFixed(2)}).`
  );
}
