import { z } from 'zod';

/**
 * A `dataSchema` for answers whose empty fields TikTok leaves out (an empty list, the last page's
 * token, sometimes the whole `data`): absent or null fields read as their `defaults`; the fields
 * present are passed on as TikTok sent them.
 */
export function dataWithDefaults<T extends object>(defaults: Partial<T>): z.ZodType<T, z.ZodTypeDef, unknown> {
  return z
    .union([z.record(z.string(), z.unknown()), z.null(), z.undefined()])
    .transform((data) => {
      const present = Object.entries(data ?? {}).filter(([, value]) => value !== null && value !== undefined);
      return { ...defaults, ...Object.fromEntries(present) } as T;
    });
}
