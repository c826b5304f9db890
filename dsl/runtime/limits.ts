import type { LimitUnit } from '../syntax/ast';

export const limitWindowMs: Record<LimitUnit, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/**
 * Counts rule firings for `limit N per minute|hour|day`. Evaluation is synchronous, so a store
 * answers synchronously; a database-backed store loads its windows before evaluating and
 * persists what `tryAcquire` granted afterwards.
 */
export interface RuleLimitStore {
  /**
   * Records a firing of `key` at `now` and returns true when fewer than `limit` firings were
   * recorded in the sliding window (now - windowMs, now]; otherwise records nothing and returns false.
   */
  tryAcquire(key: string, limit: number, windowMs: number, now: number): boolean;
}

/** The default store: firing times per rule, in memory, for one compiled rule set. */
export class MemoryLimitStore implements RuleLimitStore {
  private readonly firings = new Map<string, number[]>();

  tryAcquire(key: string, limit: number, windowMs: number, now: number): boolean {
    const since = now - windowMs;
    // Firings older than the window are dropped; later ones (an evaluation "in the past") are kept but not counted.
    const recent = (this.firings.get(key) ?? []).filter((at) => at > since);
    if (recent.filter((at) => at <= now).length >= limit) {
      this.firings.set(key, recent);
      return false;
    }
    recent.push(now);
    this.firings.set(key, recent);
    return true;
  }
}
