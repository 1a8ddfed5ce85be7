/** Small helpers shared by the text metric, validator and mapper blocks. */
import { templateVariables } from '../templates/templateVariables';

/**
 * A state value as text for text checks and metrics: strings as they are, an absent value as '', anything else
 * (numbers, objects from JSON parsing) as JSON, so a metric pointed at a structured field still measures something
 * instead of failing.
 */
export function stateText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

/** A config value that names a state field, or `fallback` when it is unset or blank. */
export function fieldName(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback;
}

/**
 * Variables read by a string config value that may be a template (JSON values read none). A syntax error is thrown,
 * like the other blocks' required-field checks do, so the pipeline check reports the broken template up front.
 */
export function templateFieldsOf(value: unknown): string[] {
  return typeof value === 'string' && value.includes('{') ? templateVariables(value) : [];
}

/** Whitespace as Python's str.split() / str.strip() see it (str.isspace), which differs from JS `\s` at the edges. */
const PY_WHITESPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_WORD = new RegExp(`[^${PY_WHITESPACE}]+`, 'g');
const PY_ONLY_SPACE = new RegExp(`^[${PY_WHITESPACE}]*$`);

/** Python's `len(text.split())`. */
export function pythonWordCount(text: string): number {
  return text.match(PY_WORD)?.length ?? 0;
}

/** Python's `s.strip() == ''`. */
export function isPythonBlank(text: string): boolean {
  return PY_ONLY_SPACE.test(text);
}
