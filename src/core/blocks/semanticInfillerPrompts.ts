/** Prompts of SemanticInfiller (our own wording). Kept apart from the block so tests and readers find them at once. */

export type FieldValues = Record<string, unknown>;

/** Exemplars shown per prompt: two show the style; more would invite copying and cost tokens. */
const MAX_EXEMPLARS_IN_PROMPT = 2;

export const DEFAULT_INFILLER_SYSTEM_PROMPT =
  'You are a synthetic data generator. You write realistic, varied records that respect every fixed value you are given, ' +
  'and you answer with a single JSON object only.';

export const TOO_SIMILAR_HEADER = 'Your previous attempt was too similar to records that already exist — do NOT generate anything like these:';

/** Only the fields being generated: the rest of a record is fixed by the skeleton and would just add noise. */
function pickFields(record: FieldValues, fields: readonly string[]): FieldValues {
  const out: FieldValues = {};
  for (const f of fields) if (Object.hasOwn(record, f)) out[f] = record[f];
  return out;
}

/**
 * The user prompt for one skeleton: the fields to write, the skeleton's values as FIXED constraints, and the
 * sampler's hints (numeric ranges, up to two exemplars) as inspiration, not as text to copy.
 */
export function infillerPrompt(fields: readonly string[], locked: FieldValues, hints: FieldValues): string {
  const lines = [`Generate one record as a JSON object with these fields: ${fields.map((f) => JSON.stringify(f)).join(', ')}.`, ''];
  lines.push('FIXED values (already decided for this record; keep them exactly and stay consistent with them):');
  const fixed = Object.entries(locked);
  if (fixed.length === 0) lines.push('- (none)');
  for (const [key, value] of fixed) lines.push(`- ${key}: ${JSON.stringify(value)} (FIXED)`);

  const hintLines: string[] = [];
  for (const [key, value] of Object.entries(hints)) {
    if (key.endsWith('_range') && Array.isArray(value) && value.length === 2) {
      hintLines.push(`- ${key.slice(0, -'_range'.length)}: between ${value[0]} and ${value[1]}`);
    }
  }
  const exemplars = Array.isArray(hints.exemplars) ? hints.exemplars.filter(isRecord).slice(0, MAX_EXEMPLARS_IN_PROMPT) : [];
  if (exemplars.length > 0) {
    hintLines.push('- Example records (for style only; create something new, never a copy):');
    for (const ex of exemplars) hintLines.push(`  ${JSON.stringify(pickFields(ex, fields))}`);
  }
  lines.push('', 'HINTS (inspiration, not rules to copy):', ...(hintLines.length > 0 ? hintLines : ['- (none)']));
  lines.push('', 'Answer with the JSON object only: the requested fields, no Markdown fences, no explanations.');
  return lines.join('\n');
}

/** The retry prompt: the base prompt plus the most similar existing records as negative examples. */
export function diversityRetryPrompt(base: string, fields: readonly string[], negatives: readonly FieldValues[]): string {
  if (negatives.length === 0) return base;
  const listed = negatives.map((n) => `- ${JSON.stringify(pickFields(n, fields))}`);
  return [base, '', TOO_SIMILAR_HEADER, ...listed, '', 'Write something clearly different in content, angle and wording.'].join('\n');
}

export function isRecord(value: unknown): value is FieldValues {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
