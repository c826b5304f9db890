// Addresses as the US shipping APIs (Shippo, EasyPost) spell them: our fields, the postal code as `zip`.
import type { Address } from '../carrier';

export function zipAddress(address: Address): Record<string, string | undefined> {
  const { name, company, street1, street2, city, state, postalCode, country, phone, email } = address;
  return { name, company, street1, street2, city, state, zip: postalCode, country, phone, email };
}
