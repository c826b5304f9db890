import type { z } from 'zod';
import { CreatorFlowError } from '../domain/errors';

/** zod's issues as `where.path: message` lines. */
export function problemsOf(error: z.ZodError, where: string): string[] {
  return error.issues.map((issue) => `${[where, ...issue.path].join('.')}: ${issue.message}`);
}

/** Detector options out of range (a window of 0 minutes, an alpha above 1, an unknown option...). */
export class InvalidViralOptionsError extends CreatorFlowError {
  constructor(readonly problems: readonly string[]) {
    super('INVALID_VIRAL_OPTIONS', `Invalid viral detector options: ${problems.join('; ')}`);
  }
}

/** Trending hashtags, watched creators or flash sales that cannot be used (confidence outside 0..1, a sale ending before it starts...). */
export class InvalidViralSignalsError extends CreatorFlowError {
  constructor(readonly problems: readonly string[]) {
    super('INVALID_VIRAL_SIGNALS', `Invalid viral signals: ${problems.join('; ')}`);
  }
}

/** A bad argument to observe or assess (empty product id, invalid Date, quantity not a positive integer, state of another window length). */
export class InvalidViralInputError extends CreatorFlowError {
  constructor(message: string) {
    super('INVALID_VIRAL_INPUT', message);
  }
}
