// JSON that keeps TikTok's ids exact. TikTok sends some ids (order, product, shop ids) as bare JSON
// numbers above 2^53, which `JSON.parse` would round. Node 24's reviver receives each primitive's
// source text, so such numbers are kept as the digits that were sent.

/** Keys whose values are ids: `id`, `ids`, `*_id`, `*_ids`, `*_id_list` (e.g. order_id, order_id_list). */
const ID_KEY = /(?:^|_)ids?$|_id_list$/;

interface ReviverContext {
  /** The JSON text of a primitive value (Node >= 21 / V8 11.4). */
  source?: string;
}

function isIntegerLiteral(source: string | undefined): source is string {
  return source !== undefined && /^-?\d+$/.test(source);
}

function reviveExact(key: string, value: unknown, context?: ReviverContext): unknown {
  if (typeof value === 'number') {
    if (ID_KEY.test(key)) return context?.source ?? String(value);
    // Any integer beyond 2^53 is kept as its exact digits rather than a rounded number.
    if (!Number.isSafeInteger(value) && isIntegerLiteral(context?.source)) return context.source;
    return value;
  }
  // Elements of id lists were revived with their index as key; make every element a string.
  if (Array.isArray(value) && ID_KEY.test(key)) {
    return value.map((element) => (typeof element === 'number' ? String(element) : element));
  }
  return value;
}

/**
 * `JSON.parse` that returns every id field (see ID_KEY) as a string and every integer outside
 * the safe range as its exact decimal string. Throws `SyntaxError` on malformed JSON, like `JSON.parse`.
 */
export function parseJsonExact(text: string): unknown {
  return JSON.parse(text, reviveExact as (key: string, value: unknown) => unknown);
}
