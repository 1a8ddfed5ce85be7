import { BlockExecutionError } from '../errors';
import { addUsage, emptyUsage, type EmbedResponse, type TokenUsage } from '../llm/llmTypes';
import { templateVariables } from '../templates/templateVariables';
import type { NormalBlockDefinition } from './blockTypes';
import { modelConfig, numberConfig, resolveStringList } from './configValues';
import { embedTexts, errorMessage, isCancellation, maxCosine, round4 } from './vectorMath';

type Sample = Record<string, unknown>;

/**
 * Flags generated samples that are near-duplicates of the seed samples or of each other, by cosine similarity of
 * embeddings. Nothing is removed: each sample gets its similarities and `is_duplicate`, so review and export can
 * filter. Embeddings failing never fails the record (the samples are still worth keeping); cancellation does.
 */
export const duplicateRemover: NormalBlockDefinition = {
  type: 'DuplicateRemover',
  name: 'Duplicate Remover',
  description: 'Flag samples too similar to the seed samples or to each other (embedding cosine similarity).',
  category: 'validators',
  inputs: ['samples'],
  outputs: ['generated_samples', '_duplicate_remover_error'],
  isMultiplier: false,
  configSchema: {
    type: 'object',
    properties: {
      similarity_threshold: {
        type: 'number',
        default: 0.85,
        minimum: 0,
        maximum: 1,
        description: 'Cosine similarity at or above which a sample is a duplicate.',
      },
      comparison_fields: {
        type: ['array', 'string'],
        items: { type: 'string' },
        default: '',
        format: 'json-or-template',
        description: 'Fields compared, e.g. ["description"] or {{ comparison_fields | tojson }}; empty compares all text fields.',
      },
      embedding_model: {
        type: ['string', 'null'],
        default: null,
        modelKind: 'embedding',
        description: 'Embedding model; empty uses the default embedding model.',
      },
    },
    required: [],
    additionalProperties: false,
  },
  requiredFields(config) {
    const fields = new Set<string>(['samples']);
    const v = config.comparison_fields;
    if (typeof v === 'string' && v.includes('{')) for (const name of templateVariables(v)) fields.add(name);
    return [...fields].sort();
  },
  async execute(ctx) {
    const raw = ctx.state.samples;
    const samples = recordList(raw);
    if (!Array.isArray(raw) || !samples || samples.length === 0 || samples.length !== raw.length) {
      throw new BlockExecutionError("no samples to check: 'samples' must be a non-empty array of records", ctx.blockId, ctx.blockType);
    }
    const fields = await resolveStringList(ctx, 'comparison_fields');
    const threshold = numberConfig(ctx, 'similarity_threshold');
    const seedSamples = recordList(ctx.state._seed_samples);
    // Without StructureSampler's `_seed_samples` the samples stand in for the seeds; each then must not be
    // compared with itself, or every sample would be a perfect duplicate of its own seed.
    const standalone = !seedSamples || seedSamples.length === 0;
    const seeds = standalone ? samples : seedSamples;
    const cleaned = samples.map((s) => Object.fromEntries(Object.entries(s).filter(([k]) => !k.startsWith('_'))));
    const sampleTexts = cleaned.map((s) => comparisonText(s, fields));
    const seedTexts = standalone ? [] : seeds.map((s) => comparisonText(s, fields));
    const usage = emptyUsage();
    let sampleVectors: (number[] | undefined)[];
    let seedVectors: number[][];
    try {
      const model = modelConfig(ctx, 'embedding_model');
      sampleVectors = await embedNonEmpty(sampleTexts, (t) => embedTexts(ctx.llm, model, t, ctx.signal), usage);
      seedVectors = standalone
        ? []
        : ((await embedNonEmpty(seedTexts, (t) => embedTexts(ctx.llm, model, t, ctx.signal), usage)).filter(Boolean) as number[][]);
    } catch (e) {
      if (isCancellation(e, ctx.signal)) throw e;
      const generated_samples = cleaned.map((s) => ({ ...s, similarity_to_seeds: 0, similarity_to_generated: 0, is_duplicate: false }));
      return { output: { generated_samples, _duplicate_remover_error: `embedding failed, no sample flagged: ${errorMessage(e)}` }, usage };
    }
    const generated_samples = cleaned.map((sample, i) => {
      const v = sampleVectors[i];
      let toSeeds = 0;
      let toGenerated = 0;
      if (v) {
        const others = sampleVectors.filter((o, j): o is number[] => j !== i && o !== undefined);
        toGenerated = maxCosine(v, others);
        toSeeds = standalone ? toGenerated : maxCosine(v, seedVectors);
      }
      return {
        ...sample,
        similarity_to_seeds: round4(toSeeds),
        similarity_to_generated: round4(toGenerated),
        is_duplicate: toSeeds >= threshold || toGenerated >= threshold,
      };
    });
    return { output: { generated_samples }, usage };
  },
};

/** Embeds the non-empty texts in one batch; an empty text gets no vector (and so no similarity). */
async function embedNonEmpty(
  texts: string[],
  embed: (t: string[]) => Promise<EmbedResponse>,
  usage: TokenUsage,
): Promise<(number[] | undefined)[]> {
  const positions = texts.map((t, i) => (t.trim() !== '' ? i : -1)).filter((i) => i >= 0);
  if (positions.length === 0) return texts.map(() => undefined);
  const response = await embed(positions.map((i) => texts[i]));
  addUsage(usage, response.usage);
  const out: (number[] | undefined)[] = texts.map(() => undefined);
  positions.forEach((p, k) => (out[p] = response.vectors[k]));
  return out;
}

/** The text compared for a record: the chosen fields, or every non-empty text field when none are chosen. */
function comparisonText(record: Sample, fields: readonly string[]): string {
  if (fields.length > 0) {
    return fields
      .map((f) => record[f])
      .filter((v) => v !== undefined && v !== null)
      .map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
      .join(' ');
  }
  return Object.entries(record)
    .filter(([k, v]) => !k.startsWith('_') && typeof v === 'string' && v !== '')
    .map(([, v]) => v as string)
    .join(' ');
}

function recordList(value: unknown): Sample[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((v): v is Sample => typeof v === 'object' && v !== null && !Array.isArray(v));
}
