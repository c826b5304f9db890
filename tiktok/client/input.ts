// Checks of the caller's arguments before any request: a bad one is a TikTokInputError naming it.
import { z } from 'zod';
import { TikTokInputError } from './errors';

/** `value` parsed by `schema`, or a TikTokInputError listing every problem, each under the name `what`. */
export function parseInput<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${[what, ...issue.path].join('.')}: ${issue.message}`);
  throw new TikTokInputError(problems.join('; '));
}

/**
 * A TikTok id that goes into a URL path as is. TikTok's ids are digits; letters, `_` and `-` are
 * allowed too, but no `/` and no dots: `.` and `..` would be read as path steps and change the path.
 */
export const pathSegment = z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be a non-empty id of letters, digits, _ or -');

/** An http(s) URL: TikTok's hosts and webhook receivers are https; http is for local ones such as the simulator. */
export const httpUrl = z
  .string()
  .url()
  .refine((url) => /^https?:\/\//.test(url), 'must be an http(s) URL');

/** A TikTok id value in a body or query. */
export const idString = z.string().min(1, 'must not be empty');

/** The path segment of `value` under the name `what`. */
export function pathId(value: unknown, what: string): string {
  return parseInput(pathSegment, value, what);
}

/** Any function of type F (zod cannot check a function's signature). */
export function functionSchema<F>(): z.ZodType<F, z.ZodTypeDef, unknown> {
  return z.custom<F>((value) => typeof value === 'function', 'must be a function');
}
