import type { INodePropertyOptions } from 'n8n-workflow';

/** A code as the editor shows it: `AWAITING_SHIPMENT` or `inventory_reserved` → "Awaiting Shipment", "Inventory Reserved". */
export function codeDisplayName(code: string): string {
  return code.toLowerCase().replace(/(^|_)([a-z0-9])/g, (_match, gap: string, letter: string) => `${gap ? ' ' : ''}${letter.toUpperCase()}`);
}

/** Options for a list of codes, named by codeDisplayName and sorted by name as n8n's lint asks. */
export function codeOptions(codes: readonly string[], describe: (code: string) => string | undefined = () => undefined): INodePropertyOptions[] {
  return codes
    .map((code) => {
      const description = describe(code);
      return { name: codeDisplayName(code), value: code, ...(description === undefined ? {} : { description }) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
