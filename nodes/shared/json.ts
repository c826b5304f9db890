import { InvalidInputError } from '../../domain/errors';
import type { IDataObject } from 'n8n-workflow';

/** Library results as item JSON: dates become ISO strings, undefined fields disappear. */
export function toItemJson(value: object): IDataObject {
  return JSON.parse(JSON.stringify(value)) as IDataObject;
}

const notJson = Symbol('not JSON');

/** A parameter that may arrive as JSON text (typed in the editor) or as an already parsed value (from an expression). */
export function parseJsonParameter(value: unknown, name: string): unknown {
  if (typeof value !== 'string') return value;
  const parsed = parseOrMark(value);
  if (parsed === notJson) throw new InvalidInputError(`${name} is not valid JSON`);
  return parsed;
}

function parseOrMark(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return notJson;
  }
}
