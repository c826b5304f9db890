import type { RateQuote } from '../../shipping/carrier';
import { addBusinessDays } from '../../shipping/business-days';
import { InvalidShipmentError, NoCarrierAvailableError } from '../../shipping/errors';
import { selectCarrier, serviceLevelOf } from '../../shipping/select-carrier';

function quote(carrier: string, provider: string, service: string, amount: number, estimatedDays: number | null): RateQuote {
  return { carrier, provider, service, amount, currency: 'USD', estimatedDays, rateId: `${carrier}-${service}`, shipmentId: `${carrier}-shp`, labelFormat: 'PDF' };
}

// Monday 2026-11-23 09:00 UTC.
const monday = new Date('2026-11-23T09:00:00Z');
const ground = quote('shippo', 'USPS', 'usps_ground_advantage', 5.1, 5);
const priority = quote('shippo', 'USPS', 'usps_priority', 8.4, 2);
const upsNextDay = quote('easypost', 'UPS', 'NextDayAir', 31.9, 1);
const fedex2Day = quote('easypost', 'FedEx', 'FEDEX_2_DAY', 17.2, 2);
const selfGround = quote('self_ship', 'self_ship', 'ground', 4.75, 4);
const all = [ground, priority, upsNextDay, fedex2Day, selfGround];

describe('business days', () => {
  it('skips weekends both when counting and when the parcel is handed over', () => {
    expect(addBusinessDays(monday, 1).toISOString()).toBe('2026-11-24T09:00:00.000Z');
    expect(addBusinessDays(monday, 5).toISOString()).toBe('2026-11-30T09:00:00.000Z');
    const saturday = new Date('2026-11-28T12:00:00Z');
    expect(addBusinessDays(saturday, 1).toISOString()).toBe('2026-12-01T12:00:00.000Z');
    expect(addBusinessDays(monday, 0).toISOString()).toBe(monday.toISOString());
  });
});

describe('selectCarrier', () => {
  it('maps transit estimates to the rules language service levels', () => {
    expect([upsNextDay, fedex2Day, ground, quote('x', 'x', 'x', 1, null)].map(serviceLevelOf)).toEqual(['overnight', 'expedited', 'standard', 'standard']);
  });

  it('with no constraints weighs cost most: the cheap reliable ground service wins', () => {
    const selection = selectCarrier(all, { now: monday, reliability: { self_ship: 0.97, usps: 0.95 } });
    expect(selection.chosen.quote).toBe(selfGround);
    expect(selection.ranked.map((s) => s.quote)).toHaveLength(5);
    expect(selection.ranked[0].score).toBeGreaterThanOrEqual(selection.ranked[1].score);
    expect(selection.explanation.at(-1)).toMatch(/^Chose self_ship self_ship ground at 4\.75 USD \(4 business days\)/);
  });

  it('a deadline rules out quotes that arrive late, even much cheaper ones', () => {
    // Wednesday 09:00: only the 1- and 2-day services make it.
    const deadline = new Date('2026-11-25T09:00:00Z');
    const selection = selectCarrier(all, { now: monday, deadline });
    expect(selection.chosen.quote).toBe(priority);
    expect(selection.chosen.onTime).toBe(true);
    expect(selection.ranked.slice(0, 3).map((s) => s.quote)).toEqual(expect.arrayContaining([priority, fedex2Day, upsNextDay]));
    expect(selection.ranked.slice(3).every((s) => s.onTime === false)).toBe(true);
    expect(selection.explanation.join(' ')).toContain('Kept 3 of 5 quotes: arrives by 2026-11-25T09:00:00.000Z');
  });

  it('when no quote can make the deadline it still chooses, and says it cannot make it', () => {
    const selection = selectCarrier([ground, selfGround], { now: monday, deadline: new Date('2026-11-24T00:00:00Z') });
    expect(selection.chosen.quote).toBe(selfGround);
    expect(selection.chosen.onTime).toBe(false);
    expect(selection.explanation.join(' ')).toMatch(/No quote meets "arrives by .*"; ignored it\..*cannot make the deadline/);
  });

  it("honours the rules' carrier and service level before anything else", () => {
    const selection = selectCarrier(all, { now: monday, ruleCarrier: 'ups', serviceLevel: 'overnight' });
    expect(selection.chosen.quote).toBe(upsNextDay);
    expect(selection.explanation[0]).toBe('Kept 1 of 5 quotes: the rules chose ups.');
  });

  it('a service level keeps faster services too', () => {
    const selection = selectCarrier(all, { now: monday, serviceLevel: 'expedited' });
    expect(selection.chosen.quote).toBe(priority);
    expect(selection.explanation[0]).toBe('Kept 3 of 5 quotes: service level expedited or faster.');
  });

  it('"auto" leaves the choice to the score', () => {
    expect(selectCarrier(all, { now: monday, ruleCarrier: 'auto' }).chosen.quote).toBe(selectCarrier(all, { now: monday }).chosen.quote);
  });

  it("the order's carrier preference narrows the field when it can", () => {
    expect(selectCarrier(all, { now: monday, carrierPreference: 'FedEx' }).chosen.quote).toBe(fedex2Day);
    const unmet = selectCarrier(all, { now: monday, carrierPreference: 'dhl' });
    expect(unmet.chosen.quote).toBe(selfGround);
    expect(unmet.explanation[0]).toBe('No quote meets "the order prefers dhl"; ignored it.');
  });

  it('the rule outranks the preference, and unmet constraints keep their fallbacks at the end of the ranking', () => {
    const selection = selectCarrier(all, { now: monday, ruleCarrier: 'usps', carrierPreference: 'fedex' });
    expect(selection.chosen.quote.provider).toBe('USPS');
    expect(selection.ranked.slice(0, 2).every((s) => s.quote.provider === 'USPS')).toBe(true);
    expect(selection.ranked).toHaveLength(5);
  });

  it('weights change the winner: speed only picks the fastest, reliability only the most reliable', () => {
    expect(selectCarrier(all, { now: monday, weights: { cost: 0, speed: 1, reliability: 0 } }).chosen.quote).toBe(upsNextDay);
    const reliable = selectCarrier(all, { now: monday, weights: { cost: 0, speed: 0, reliability: 1 }, reliability: { fedex: 0.99 } });
    expect(reliable.chosen.quote).toBe(fedex2Day);
  });

  it('refuses nonsense weights and reliabilities, and an empty list of quotes', () => {
    expect(() => selectCarrier(all, { weights: { cost: 0, speed: 0, reliability: 0 } })).toThrow(InvalidShipmentError);
    expect(() => selectCarrier(all, { weights: { cost: -1 } })).toThrow(InvalidShipmentError);
    expect(() => selectCarrier(all, { reliability: { usps: 1.5 } })).toThrow(/between 0 and 1/);
    expect(() => selectCarrier([], {})).toThrow(NoCarrierAvailableError);
    expect(() => selectCarrier(all, { serviceLevel: 'express' as never })).toThrow(/serviceLevel must be one of standard, expedited, overnight/);
    expect(() => selectCarrier(all, { deadline: new Date('x') })).toThrow(/deadline must be a valid Date/);
  });
});

describe('carrier names as the rules spell them', () => {
  const easyPostUps = quote('easypost', 'UPSDAP', 'Ground', 9.5, 3);
  const shippoDhl = quote('shippo', 'DHL Express', 'dhl_express_worldwide', 24, 2);
  const easyPostFedex = quote('easypost', 'FedExDefault', 'FEDEX_GROUND', 11, 3);

  it("match the aggregators' provider spellings by family", () => {
    const quotes = [ground, easyPostUps, shippoDhl, easyPostFedex];
    expect(selectCarrier(quotes, { now: monday, ruleCarrier: 'ups' }).chosen.quote).toBe(easyPostUps);
    expect(selectCarrier(quotes, { now: monday, ruleCarrier: 'dhl' }).chosen.quote).toBe(shippoDhl);
    expect(selectCarrier(quotes, { now: monday, carrierPreference: 'FedEx' }).chosen.quote).toBe(easyPostFedex);
    // "ups" is not a prefix of "usps".
    expect(selectCarrier([ground, priority], { now: monday, ruleCarrier: 'ups' }).explanation[0]).toBe('No quote meets "the rules chose ups"; ignored it.');
  });

  it('refuses unknown weight names instead of scoring NaN', () => {
    expect(() => selectCarrier(all, { weights: { price: 1 } as never })).toThrow(/unknown: price/);
    expect(selectCarrier(all, { now: monday, weights: { cost: undefined } }).chosen.quote).toBe(selectCarrier(all, { now: monday }).chosen.quote);
  });
});

describe('currencies', () => {
  it('compares prices in one currency only, the most common unless told, and says what it left out', () => {
    const cad = { ...quote('easypost', 'CanadaPost', 'Expedited', 3, 2), currency: 'CAD' };
    const selection = selectCarrier([...all, cad], { now: monday });
    expect(selection.chosen.quote.currency).toBe('USD');
    expect(selection.ranked.some((s) => s.quote === cad)).toBe(false);
    expect(selection.explanation[0]).toBe('Compared the 5 quotes in USD; left out 1 in other currencies.');
    expect(selectCarrier([...all, cad], { now: monday, currency: 'CAD' }).chosen.quote).toBe(cad);
    expect(() => selectCarrier(all, { currency: 'EUR' })).toThrow(NoCarrierAvailableError);
  });
});
