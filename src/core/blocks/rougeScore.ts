import { l as rougeLcs, n as rougeNgram } from 'js-rouge';
import { BlockExecutionError } from '../errors';
import type { NormalBlockDefinition } from './blockTypes';
import { rougeTokens } from './rougeTokens';
import { isOneOf } from './configValues';
import { fieldRoot, readFieldText } from './fieldPath';
import { fieldName } from './stateText';

const ROUGE_TYPES = ['rouge1', 'rouge2', 'rougeL'] as const;
export type RougeType = (typeof ROUGE_TYPES)[number];

/** ROUGE F-measure of a generated text against a reference text (both state fields); 0 when either is empty. */
export const rougeScore: NormalBlockDefinition = {
  type: 'RougeScore',
  name: 'ROUGE Score',
  description: 'Score generated text against a reference with ROUGE (rouge1, rouge2 or rougeL F-measure, Porter-stemmed).',
  category: 'metrics',
  inputs: [],
  outputs: ['rouge_score'],
  isMultiplier: false,
  configSchema: {
    type: 'object',
    properties: {
      generated_field: { type: 'string', default: 'assistant', isFieldReference: true, description: 'State field holding the generated text.' },
      reference_field: { type: 'string', default: 'reference', isFieldReference: true, description: 'State field holding the reference text.' },
      rouge_type: {
        type: 'string',
        enum: ROUGE_TYPES,
        default: 'rouge1',
        description: 'rouge1: word overlap; rouge2: word-pair overlap; rougeL: longest common subsequence.',
      },
    },
    required: [],
    additionalProperties: false,
  },
  // A missing text is an empty one, which scores 0 (as the original's test_rouge_score_empty): a result, not a failure.
  requiredFields() {
    return [];
  },
  optionalFields(config) {
    const generated = fieldRoot(fieldName(config.generated_field, 'assistant'));
    const reference = fieldRoot(fieldName(config.reference_field, 'reference'));
    const whenMissing = 'compares against an empty text: rouge_score 0';
    return generated === reference ? [{ anyOf: [generated], whenMissing }] : [{ anyOf: [generated], whenMissing }, { anyOf: [reference], whenMissing }];
  },
  async execute(ctx) {
    const type = ctx.config.rouge_type;
    if (!isOneOf(ROUGE_TYPES, type)) {
      throw new BlockExecutionError(`rouge_type must be one of ${ROUGE_TYPES.join(', ')}, got ${JSON.stringify(type)}`, ctx.blockId, ctx.blockType);
    }
    const generated = readFieldText(ctx.state, fieldName(ctx.config.generated_field, 'assistant'));
    const reference = readFieldText(ctx.state, fieldName(ctx.config.reference_field, 'reference'));
    return { output: { rouge_score: rouge(type, generated, reference) } };
  },
};

/**
 * F-measure like `rouge_score.RougeScorer([type], use_stemmer=True).score(reference, generated)[type].fmeasure`.
 * The counting is js-rouge's (n-gram matches clipped to the counts on each side, like rouge_score's Counter
 * intersection; rougeL is the LCS of the whole token sequences when, as here, a custom tokenizer gets the whole
 * text); the tokens are rouge_score's.
 */
export function rouge(type: RougeType, generated: string, reference: string): number {
  // js-rouge rejects empty texts, and a text without tokens scores 0 in rouge_score: answer those here.
  if (rougeTokens(generated).length === 0 || rougeTokens(reference).length === 0) return 0;
  if (type === 'rougeL') return rougeLcs(generated, reference, { tokenizer: rougeTokens });
  // Our own n-gram joiner: tokens are [a-z0-9]+, so a space separator is unambiguous, and js-rouge's built-in one
  // refuses long texts (a materialisation limit) that rouge_score scores without complaint.
  return rougeNgram(generated, reference, { n: type === 'rouge1' ? 1 : 2, tokenizer: rougeTokens, nGram: joinNgrams });
}

function joinNgrams(tokens: string[], n: number): string[] {
  const grams: string[] = [];
  for (let i = 0; i + n <= tokens.length; i++) grams.push(tokens.slice(i, i + n).join(' '));
  return grams;
}
