const MAX_DEPTH = 3;
const MAX_KEYS = 30;

/**
 * The structure of a JSON value as a short string: `{answer:string,score:number}`, `[{role:string,content:string}]`.
 * Keys sorted, arrays by the shape of their first item, cut at depth 3: two values of the same shape have the same
 * keys and types, whatever their contents.
 */
export function jsonShape(value: unknown, depth = 0): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? '[]' : depth >= MAX_DEPTH ? '[…]' : `[${jsonShape(value[0], depth + 1)}]`;
  if (typeof value === 'object') {
    if (depth >= MAX_DEPTH) return '{…}';
    const keys = Object.keys(value).sort();
    const shown = keys.slice(0, MAX_KEYS).map((k) => `${k}:${jsonShape((value as Record<string, unknown>)[k], depth + 1)}`);
    return `{${shown.join(',')}${keys.length > MAX_KEYS ? ',…' : ''}}`;
  }
  return typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string';
}
