import type { ZodTypeAny } from 'zod';

/** Static types the checker infers; `unknown` switches checks off (schema "none", untyped fields). */
export type Type =
  | { kind: 'number'; integer: boolean }
  | { kind: 'string' }
  | { kind: 'enum'; name: string; values: readonly string[] }
  | { kind: 'boolean' }
  | { kind: 'timestamp' }
  | { kind: 'duration' }
  | { kind: 'list'; of: Type }
  | { kind: 'object'; fields: Readonly<Record<string, Type>> }
  | { kind: 'unknown' };

export const numberType: Type = { kind: 'number', integer: false };
export const integerType: Type = { kind: 'number', integer: true };
export const stringType: Type = { kind: 'string' };
export const booleanType: Type = { kind: 'boolean' };
export const timestampType: Type = { kind: 'timestamp' };
export const durationType: Type = { kind: 'duration' };
export const unknownType: Type = { kind: 'unknown' };

export function listOf(of: Type): Type {
  return { kind: 'list', of };
}

export function describeType(type: Type): string {
  switch (type.kind) {
    case 'number':
      return type.integer ? 'integer' : 'number';
    case 'enum':
      return `${type.name} (${type.values.join(', ')})`;
    case 'list':
      return `list of ${describeType(type.of)}`;
    default:
      return type.kind;
  }
}

/** The scalar family a value belongs to for comparisons: enums compare as strings. */
export function family(type: Type): Type['kind'] {
  return type.kind === 'enum' ? 'string' : type.kind;
}

/** Whether two types can be compared with `=`/`!=` (and, if ordered, `<`...). */
export function comparable(a: Type, b: Type): boolean {
  if (a.kind === 'unknown' || b.kind === 'unknown') return true;
  if (a.kind === 'list' && b.kind === 'list') return comparable(a.of, b.of);
  return family(a) === family(b) && a.kind !== 'object';
}

/**
 * Reads a zod schema into checker types. Strings with a datetime check, dates, and unions of
 * those are timestamps; `optional`/`nullable` only mean "may be missing", which every field may be.
 */
export function typeFromZod(schema: ZodTypeAny, name = 'value'): Type {
  const def = schema._def as { typeName: string; [key: string]: unknown };
  switch (def.typeName) {
    case 'ZodOptional':
    case 'ZodNullable':
    case 'ZodDefault':
      return typeFromZod(def.innerType as ZodTypeAny, name);
    case 'ZodString': {
      const checks = def.checks as { kind: string }[];
      return checks.some((c) => c.kind === 'datetime') ? timestampType : stringType;
    }
    case 'ZodDate':
      return timestampType;
    case 'ZodNumber': {
      const checks = def.checks as { kind: string }[];
      return { kind: 'number', integer: checks.some((c) => c.kind === 'int') };
    }
    case 'ZodBoolean':
      return booleanType;
    case 'ZodEnum':
      return { kind: 'enum', name, values: def.values as string[] };
    case 'ZodArray':
      return listOf(typeFromZod(def.type as ZodTypeAny, name));
    case 'ZodObject': {
      const shape = (schema as unknown as { shape: Record<string, ZodTypeAny> }).shape;
      return { kind: 'object', fields: Object.fromEntries(Object.entries(shape).map(([key, value]) => [key, typeFromZod(value, key)])) };
    }
    case 'ZodUnion': {
      const options = (def.options as ZodTypeAny[]).map((o) => typeFromZod(o, name));
      return options.every((o) => o.kind === options[0].kind && o.kind !== 'object' && o.kind !== 'list' && o.kind !== 'enum') ? options[0] : unknownType;
    }
    default:
      return unknownType;
  }
}
