import { diffWordsWithSpace } from 'diff';
import type { JsonObject } from '../store/storeTypes';
import type { DiffPart } from './reportTypes';

/** Past this many characters per side, a field's diff is not computed word by word: both values are shown whole. */
const MAX_DIFF_CHARS = 20_000;

/** The generated fields whose values differ between two outputs (either missing counts as ""), each as a word diff. */
export function outputDiffs(a: JsonObject | null, b: JsonObject | null, generated: (o: JsonObject) => string[]): { field: string; parts: DiffPart[] }[] {
  const fields = new Set([...(a ? generated(a) : []), ...(b ? generated(b) : [])]);
  const diffs: { field: string; parts: DiffPart[] }[] = [];
  for (const field of fields) {
    const left = asText(a?.[field]);
    const right = asText(b?.[field]);
    if (left !== right) diffs.push({ field, parts: textDiff(left, right) });
  }
  return diffs;
}

export function textDiff(left: string, right: string): DiffPart[] {
  if (left.length > MAX_DIFF_CHARS || right.length > MAX_DIFF_CHARS) {
    return [...(left ? [{ kind: 'removed' as const, text: left }] : []), ...(right ? [{ kind: 'added' as const, text: right }] : [])];
  }
  return diffWordsWithSpace(left, right).map((c) => ({ kind: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value }));
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}
