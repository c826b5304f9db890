// Stops calling a failing API: after `failureThreshold` consecutive failures the circuit opens and
// calls fail fast with CircuitOpenError; after `openMs` it lets `halfOpenTrials` trial calls
// through: the first trial success closes it, a trial failure opens it again.
import { z } from 'zod';
import { CircuitOpenError } from './errors';
import { functionSchema, parseInput } from './input';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit (default 5). */
  failureThreshold?: number;
  /** How long it stays open before trials (default 60 s). */
  openMs?: number;
  /** Trial calls let through once the open time is over (default 3). */
  halfOpenTrials?: number;
  /** Epoch milliseconds (default Date.now). */
  now?: () => number;
}

export type CircuitState = 'closed' | 'open' | 'half-open';

/** Leave to make one call; hand it back with the call's outcome. */
export interface CircuitPermit {
  readonly trial: boolean;
  /** Which closed or open-then-half-open period admitted it: outcomes from an earlier one are stale. */
  readonly period: number;
}

/** `neutral`: the call ended without saying anything of the service's health (e.g. the caller aborted it). */
export type CallOutcome = 'success' | 'failure' | 'neutral';

const breakerOptionsSchema = z
  .object({
    failureThreshold: z.number().int().min(1).optional(),
    openMs: z.number().nonnegative().optional(),
    halfOpenTrials: z.number().int().min(1).optional(),
    now: functionSchema<() => number>().optional(),
  })
  .strict();

export class CircuitBreaker {
  private readonly failureThreshold: number;
  private readonly openMs: number;
  private readonly halfOpenTrials: number;
  private readonly now: () => number;
  private consecutiveFailures = 0;
  private openedAt: number | undefined;
  private period = 0;
  /** Trials let through since the circuit went half-open. */
  private trialsAdmitted = 0;

  constructor(breakerOptions: CircuitBreakerOptions = {}) {
    const options = parseInput(breakerOptionsSchema, breakerOptions, 'breaker');
    this.failureThreshold = options.failureThreshold ?? 5;
    this.openMs = options.openMs ?? 60_000;
    this.halfOpenTrials = options.halfOpenTrials ?? 3;
    this.now = options.now ?? Date.now;
  }

  get state(): CircuitState {
    if (this.openedAt === undefined) return 'closed';
    return this.now() < this.openedAt + this.openMs ? 'open' : 'half-open';
  }

  /** A permit for one call, a trial one when half-open; throws CircuitOpenError when refused. */
  admit(): CircuitPermit {
    const state = this.state;
    if (state === 'open' || (state === 'half-open' && this.trialsAdmitted >= this.halfOpenTrials)) {
      throw new CircuitOpenError(this.openedAt! + this.openMs);
    }
    const trial = state === 'half-open';
    if (trial) this.trialsAdmitted++;
    return { trial, period: this.period };
  }

  /** Records how a permitted call ended. */
  release(permit: CircuitPermit, outcome: CallOutcome): void {
    if (permit.period !== this.period) return;
    if (outcome === 'success') {
      this.consecutiveFailures = 0;
      if (permit.trial) this.startPeriod(undefined);
    } else if (outcome === 'failure') {
      this.consecutiveFailures++;
      if (permit.trial || this.consecutiveFailures >= this.failureThreshold) this.startPeriod(this.now());
    } else if (permit.trial) {
      this.trialsAdmitted--; // an abandoned trial frees its place
    }
  }

  /** Opens (at `openedAt`) or closes the circuit; calls admitted before then no longer count. */
  private startPeriod(openedAt: number | undefined): void {
    this.openedAt = openedAt;
    this.period++;
    this.trialsAdmitted = 0;
  }
}
