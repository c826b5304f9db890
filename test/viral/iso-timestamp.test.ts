import fc from 'fast-check';
import { isoTimestamp } from '../../viral/iso-timestamp';

describe('isoTimestamp', () => {
  it('writes what Date#toISOString writes, for any instant from 1970 to the last Date, in any order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 8.64e15 }), { minLength: 1, maxLength: 20 }), (instants) => {
        for (const ms of instants) expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
      }),
    );
  });

  it('writes every second and millisecond of one minute right, as the node reads them in turn', () => {
    const minute = Date.UTC(2025, 9, 1, 12, 34);
    for (let ms = minute; ms < minute + 60_000; ms += 7) expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
    expect(isoTimestamp(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(isoTimestamp(Date.UTC(10000, 0, 1, 0, 0, 5, 9))).toBe('+010000-01-01T00:00:05.009Z');
  });
});
