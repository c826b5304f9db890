// Addresses as they arrive from outside (a marketplace order, a form): trimmed, optional fields that
// are blank left out, the country code in capitals, and a US state written out in full ("California",
// as TikTok's district info gives it) turned into the two-letter code the carriers and the
// self-ship zone chart expect.
import type { Address } from './carrier';

/** USPS codes of the states, DC and the territories, by their names in lower case. */
const US_STATE_CODES: ReadonlyMap<string, string> = new Map([
  ['alabama', 'AL'], ['alaska', 'AK'], ['arizona', 'AZ'], ['arkansas', 'AR'], ['california', 'CA'], ['colorado', 'CO'],
  ['connecticut', 'CT'], ['delaware', 'DE'], ['district of columbia', 'DC'], ['florida', 'FL'], ['georgia', 'GA'], ['hawaii', 'HI'],
  ['idaho', 'ID'], ['illinois', 'IL'], ['indiana', 'IN'], ['iowa', 'IA'], ['kansas', 'KS'], ['kentucky', 'KY'],
  ['louisiana', 'LA'], ['maine', 'ME'], ['maryland', 'MD'], ['massachusetts', 'MA'], ['michigan', 'MI'], ['minnesota', 'MN'],
  ['mississippi', 'MS'], ['missouri', 'MO'], ['montana', 'MT'], ['nebraska', 'NE'], ['nevada', 'NV'], ['new hampshire', 'NH'],
  ['new jersey', 'NJ'], ['new mexico', 'NM'], ['new york', 'NY'], ['north carolina', 'NC'], ['north dakota', 'ND'], ['ohio', 'OH'],
  ['oklahoma', 'OK'], ['oregon', 'OR'], ['pennsylvania', 'PA'], ['rhode island', 'RI'], ['south carolina', 'SC'], ['south dakota', 'SD'],
  ['tennessee', 'TN'], ['texas', 'TX'], ['utah', 'UT'], ['vermont', 'VT'], ['virginia', 'VA'], ['washington', 'WA'],
  ['west virginia', 'WV'], ['wisconsin', 'WI'], ['wyoming', 'WY'], ['american samoa', 'AS'], ['guam', 'GU'],
  ['northern mariana islands', 'MP'], ['puerto rico', 'PR'], ['united states virgin islands', 'VI'], ['u.s. virgin islands', 'VI'],
]);

/** "California", "california" and "ca" are all "CA"; anything else is left as it is for the carrier to judge. */
function usStateCode(state: string): string {
  if (/^[a-z]{2}$/i.test(state)) return state.toUpperCase();
  return US_STATE_CODES.get(state.toLowerCase().replace(/\s+/g, ' ')) ?? state;
}

/** The address with every field trimmed, blank optional fields dropped, and a US state name as its code. */
export function normaliseAddress(address: Address): Address {
  const country = address.country.trim().toUpperCase();
  const state = address.state.trim();
  const normalised: Address = {
    name: address.name.trim(),
    street1: address.street1.trim(),
    city: address.city.trim(),
    state: country === 'US' ? usStateCode(state) : state,
    postalCode: address.postalCode.trim(),
    country,
  };
  for (const field of ['company', 'street2', 'phone', 'email'] as const) {
    const value = address[field]?.trim();
    if (value) normalised[field] = value;
  }
  return normalised;
}
