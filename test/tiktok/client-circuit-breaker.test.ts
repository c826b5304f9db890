// The circuit breaker's states on a hand-moved clock (its open time is all it measures).
import { CircuitBreaker } from '../../tiktok/client/circuit-breaker';
import { CircuitOpenError, TikTokInputError } from '../../tiktok/client';

function breakerAt(start = 1_000_000) {
  let now = start;
  const breaker = new CircuitBreaker({ failureThreshold: 5, openMs: 60_000, halfOpenTrials: 3, now: () => now });
  return { breaker, advance: (ms: number) => (now += ms), now: () => now };
}

function fail(breaker: CircuitBreaker, times: number): void {
  for (let n = 0; n < times; n++) breaker.release(breaker.admit(), 'failure');
}

describe('CircuitBreaker', () => {
  it('opens after 5 consecutive failures and refuses calls with the time trials resume', () => {
    const { breaker, now } = breakerAt();
    fail(breaker, 4);
    expect(breaker.state).toBe('closed');
    fail(breaker, 1);
    expect(breaker.state).toBe('open');
    expect(() => breaker.admit()).toThrow(CircuitOpenError);
    expect(() => breaker.admit()).toThrow(expect.objectContaining({ retryAt: now() + 60_000, retryable: false }));
  });

  it('counts only consecutive failures: a success starts the count again', () => {
    const { breaker } = breakerAt();
    fail(breaker, 4);
    breaker.release(breaker.admit(), 'success');
    fail(breaker, 4);
    expect(breaker.state).toBe('closed');
  });

  it('neutral outcomes neither break nor reset the count', () => {
    const { breaker } = breakerAt();
    fail(breaker, 4);
    breaker.release(breaker.admit(), 'neutral');
    fail(breaker, 1);
    expect(breaker.state).toBe('open');
  });

  it('after the open time lets 3 trials through, and the first trial success closes it', () => {
    const { breaker, advance } = breakerAt();
    fail(breaker, 5);
    advance(59_999);
    expect(breaker.state).toBe('open');
    advance(1);
    expect(breaker.state).toBe('half-open');
    const trials = [breaker.admit(), breaker.admit(), breaker.admit()];
    expect(trials.every((permit) => permit.trial)).toBe(true);
    expect(() => breaker.admit()).toThrow(CircuitOpenError);
    breaker.release(trials[1], 'success');
    expect(breaker.state).toBe('closed');
    // The other trials ending later say nothing about the closed circuit.
    breaker.release(trials[0], 'failure');
    breaker.release(trials[2], 'failure');
    fail(breaker, 4);
    expect(breaker.state).toBe('closed');
  });

  it('a trial failure opens it again for another full open time', () => {
    const { breaker, advance } = breakerAt();
    fail(breaker, 5);
    advance(60_000);
    breaker.release(breaker.admit(), 'failure');
    expect(breaker.state).toBe('open');
    advance(59_999);
    expect(() => breaker.admit()).toThrow(CircuitOpenError);
    advance(1);
    expect(breaker.admit().trial).toBe(true);
  });

  it('an abandoned trial gives its place back', () => {
    const { breaker, advance } = breakerAt();
    fail(breaker, 5);
    advance(60_000);
    const trials = [breaker.admit(), breaker.admit(), breaker.admit()];
    breaker.release(trials[0], 'neutral');
    expect(breaker.admit().trial).toBe(true);
    expect(() => breaker.admit()).toThrow(CircuitOpenError);
  });

  it('ignores outcomes of calls admitted before it opened', () => {
    const { breaker, advance } = breakerAt();
    const early = breaker.admit();
    fail(breaker, 5);
    advance(60_000);
    breaker.release(early, 'success');
    expect(breaker.state).toBe('half-open');
  });

  it('refuses nonsensical options', () => {
    expect(() => new CircuitBreaker({ failureThreshold: 0 })).toThrow(TikTokInputError);
    expect(() => new CircuitBreaker({ halfOpenTrials: 1.5 })).toThrow(/halfOpenTrials/);
  });
});
