import { normaliseAddress } from '../../shipping/address-normalisation';
import type { Address } from '../../shipping/carrier';

const address: Address = { name: ' Jamie Rivera ', street1: ' 200 N Spring St ', city: ' Los Angeles ', state: ' California ', postalCode: ' 90012 ', country: ' us ' };

test('trims every field, capitalises the country and turns a US state name into its code', () => {
  expect(normaliseAddress(address)).toEqual({ name: 'Jamie Rivera', street1: '200 N Spring St', city: 'Los Angeles', state: 'CA', postalCode: '90012', country: 'US' });
});

test.each([
  ['new   york', 'NY'],
  ['DISTRICT OF COLUMBIA', 'DC'],
  ['Puerto Rico', 'PR'],
  ['ca', 'CA'],
  ['Calif.', 'Calif.'],
])('US state %j becomes %j', (state, code) => {
  expect(normaliseAddress({ ...address, state }).state).toBe(code);
});

test('leaves states outside the US as written', () => {
  expect(normaliseAddress({ ...address, country: 'CA', state: 'Ontario' }).state).toBe('Ontario');
  expect(normaliseAddress({ ...address, country: 'MX', state: 'california' }).state).toBe('california');
});

test('keeps optional fields that have a value and drops blank ones', () => {
  const normalised = normaliseAddress({ ...address, company: '  ', street2: ' Apt 4 ', phone: '', email: ' jamie@example.com ' });
  expect(normalised.street2).toBe('Apt 4');
  expect(normalised.email).toBe('jamie@example.com');
  expect(normalised).not.toHaveProperty('company');
  expect(normalised).not.toHaveProperty('phone');
});
