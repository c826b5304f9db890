import type { IDataObject } from 'n8n-workflow';

/** Library results as item JSON: dates become ISO strings, undefined fields disappear. */
export function toItemJson(value: object): IDataObject {
  return JSON.parse(JSON.stringify(value)) as IDataObject;
}

/** A parameter that may arrive as JSON text (typed in the editor) or as an already parsed value (from an expression). */
export function parseJsonParameter(value: unknown, name: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new Error(`${name} is not valid JSON`);
  }
}
