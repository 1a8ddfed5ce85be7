import type { NormalBlockDefinition } from './blockTypes';
import { fieldRoot, readFieldText } from './fieldPath';
import { fieldName, isPythonBlank, pythonWordCount } from './stateText';

/** Words per sentence at which a text counts as fully coherent (10–30 words per sentence reads naturally). */
const FULL_SCORE_WORDS_PER_SENTENCE = 20;

/**
 * A cheap structural coherence signal: average words per sentence (sentences split on '.'), scaled so that 20 words
 * per sentence or more scores 1. Empty text scores 0.
 */
export const coherenceScore: NormalBlockDefinition = {
  type: 'CoherenceScore',
  name: 'Coherence Score',
  description: 'Score text coherence from sentence structure: min(1, average words per sentence / 20); 0 for empty text.',
  category: 'metrics',
  inputs: [],
  outputs: ['coherence_score'],
  isMultiplier: false,
  configSchema: {
    type: 'object',
    properties: {
      field_name: { type: 'string', default: 'assistant', isFieldReference: true, description: 'State field (or path, e.g. messages[role=assistant].content) holding the text to score.' },
    },
    required: [],
    additionalProperties: false,
  },
  // A missing field is an empty text, which scores 0 (as the original does): a result, not a failure.
  requiredFields() {
    return [];
  },
  optionalFields(config) {
    return [{ anyOf: [fieldRoot(fieldName(config.field_name, 'assistant'))], whenMissing: 'scores it as an empty text: coherence_score 0' }];
  },
  async execute(ctx) {
    const text = readFieldText(ctx.state, fieldName(ctx.config.field_name, 'assistant'));
    return { output: { coherence_score: coherence(text) } };
  },
};

/** The original's formula, with Python's notion of whitespace so scores match it exactly. */
export function coherence(text: string): number {
  if (text === '') return 0;
  const sentences = text.split('.').filter((s) => !isPythonBlank(s)).length;
  if (sentences === 0) return 0;
  return Math.min(1, pythonWordCount(text) / sentences / FULL_SCORE_WORDS_PER_SENTENCE);
}
