import { InvalidInputError } from '../errors';

/** Which shop's rule set: both are stored as text, and a blank one names nothing. */
export function requireRuleSetKey(input: { shopId: unknown; ruleSet: unknown }): { shopId: string; ruleSet: string } {
  return { shopId: requireName('shopId', input.shopId), ruleSet: requireName('ruleSet', input.ruleSet) };
}

function requireName(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidInputError(`${field} must be a non-empty string, got ${JSON.stringify(value)}`);
  return value;
}

/** Versions are PostgreSQL integers from 1. */
export function requireVersion(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 2_147_483_647) {
    throw new InvalidInputError(`version must be a whole number from 1, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function requireDate(field: string, value: unknown): Date {
  if (!(value instanceof Date) || !Number.isFinite(value.getTime())) throw new InvalidInputError(`${field} must be a valid Date`);
  return value;
}
