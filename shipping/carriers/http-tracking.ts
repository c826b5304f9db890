// Pieces of a tracking answer that read the same at Shippo and EasyPost.
import { z } from 'zod';

/** Where a tracking event happened, as both carriers send it: any part may be missing. */
export const carrierLocation = z.object({ city: z.string().nullish(), state: z.string().nullish(), zip: z.string().nullish(), country: z.string().nullish() });

/** "Berkeley, CA 94705, US" from whichever parts the carrier gave; null when it gave none. */
export function locationText(location: z.infer<typeof carrierLocation> | null | undefined): string | null {
  if (!location) return null;
  const stateAndZip = [location.state, location.zip].filter((part) => part).join(' ');
  const text = [location.city, stateAndZip, location.country].filter((part) => part).join(', ');
  return text === '' ? null : text;
}
