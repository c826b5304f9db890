import { z } from 'zod';

/** A time as TikTok sends it, in orders and webhooks alike: whole Unix seconds. */
export const unixSeconds = z.number().int().nonnegative();
