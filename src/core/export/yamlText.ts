import { isJsonObject } from '../json/jsonPath';

/**
 * YAML block text of plain JSON data, for the dataset card's front matter. Strings are written as JSON strings
 * (valid YAML double-quoted scalars), so no value can be read back as another type or break the block.
 */
export function yamlText(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []\n';
    return `\n${value.map((item) => `${indent}-${itemText(item, `${indent}  `)}`).join('')}`;
  }
  if (isJsonObject(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return ' {}\n';
    return `\n${entries.map(([k, v]) => `${indent}${key(k)}:${yamlText(v, `${indent}  `)}`).join('')}`;
  }
  return ` ${scalar(value)}\n`;
}

/** The front matter body of an object (no leading newline). */
export function yamlDocument(value: Record<string, unknown>): string {
  return yamlText(value).slice(1);
}

function itemText(item: unknown, indent: string): string {
  if (isJsonObject(item) && Object.keys(item).length > 0) {
    // The first key goes on the dash's line, the others below it at the same depth.
    const text = yamlText(item, indent);
    return ` ${text.slice(1 + indent.length)}`;
  }
  return yamlText(item, indent);
}

function key(k: string): string {
  return /^[A-Za-z_][\w-]*$/.test(k) ? k : JSON.stringify(k);
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return String(value);
  return JSON.stringify(String(value));
}
