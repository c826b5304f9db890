import type { RuleLimitStore } from '../../dsl/runtime/limits';

/**
 * A RuleLimitStore over counts read from the database for one instant: each rule's firings in its
 * window ending at that instant. Every evaluation of the batch runs at that instant, so a count
 * plus this batch's grants is the number of firings in the window; the grants are then saved.
 */
export class CountedLimitStore implements RuleLimitStore {
  private readonly grants = new Map<string, number>();

  constructor(private readonly stored: ReadonlyMap<string, number>) {}

  tryAcquire(key: string, limit: number): boolean {
    const granted = this.grants.get(key) ?? 0;
    if ((this.stored.get(key) ?? 0) + granted >= limit) return false;
    this.grants.set(key, granted + 1);
    return true;
  }

  /** One rule id per firing granted since the counts were read. */
  grantedKeys(): string[] {
    return [...this.grants].flatMap(([key, count]) => Array<string>(count).fill(key));
  }
}
