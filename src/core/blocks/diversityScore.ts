import { sequenceRatio } from './sequenceRatio';
import type { NormalBlockDefinition } from './blockTypes';
import { fieldRoot, readFieldPath } from './fieldPath';
import { fieldName, stateText } from './stateText';

/**
 * Lexical diversity of a list of texts (e.g. variations generated for one prompt): the mean over all pairs of
 * 1 − similarity, where similarity is Python difflib's SequenceMatcher.ratio(). Not a list, or fewer than 2 items,
 * scores 0 (a single text has no diversity).
 */
export const diversityScore: NormalBlockDefinition = {
  type: 'DiversityScore',
  name: 'Diversity Score',
  description: 'Score the lexical diversity of a list of texts: mean pairwise 1 − difflib similarity ratio; 0 unless a list of 2+.',
  category: 'metrics',
  inputs: [],
  outputs: ['diversity_score'],
  isMultiplier: false,
  configSchema: {
    type: 'object',
    properties: {
      field_name: { type: 'string', default: 'assistant', isFieldReference: true, description: 'State field (or path, e.g. messages[role=assistant].content) holding the list of texts to compare.' },
    },
    required: [],
    additionalProperties: false,
  },
  // A missing field is not a list, which scores 0: a result, not a failure.
  requiredFields() {
    return [];
  },
  optionalFields(config) {
    return [{ anyOf: [fieldRoot(fieldName(config.field_name, 'assistant'))], whenMissing: 'has no list to compare: diversity_score 0' }];
  },
  async execute(ctx) {
    const value = readFieldPath(ctx.state, fieldName(ctx.config.field_name, 'assistant'));
    return { output: { diversity_score: Array.isArray(value) ? listDiversity(value.map(stateText)) : 0 } };
  },
};

/** Mean pairwise 1 − SequenceMatcher(None, a, b).ratio(), as the original computes it; 0 for fewer than 2 texts. */
export function listDiversity(texts: readonly string[]): number {
  if (texts.length < 2) return 0;
  // Code points, as Python iterates a str, so characters outside the BMP count once, like in the original.
  const sequences = texts.map((t) => Array.from(t));
  let total = 0;
  let pairs = 0;
  for (let i = 0; i < sequences.length; i++) {
    for (let j = i + 1; j < sequences.length; j++) {
      total += 1 - similarity(sequences[i], sequences[j]);
      pairs++;
    }
  }
  return total / pairs;
}

/** difflib's ratio: 2·matches / total length, with Python's default autojunk heuristic (on for inputs of 200+). */
export function similarity(a: readonly string[] | string, b: readonly string[] | string): number {
  return sequenceRatio(a, b);
}
