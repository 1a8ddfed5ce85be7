import { BlockExecutionError } from '../errors';
import { addUsage, emptyUsage, type TokenUsage } from '../llm/llmTypes';
import { templateVariables } from '../templates/templateVariables';
import type { BlockContext, NormalBlockDefinition } from './blockTypes';
import { modelConfig, numberConfig, resolveStringList } from './configValues';
import { parseLlmJson } from './llmJson';
import {
  DEFAULT_INFILLER_SYSTEM_PROMPT,
  diversityRetryPrompt,
  infillerPrompt,
  isRecord,
  type FieldValues,
} from './semanticInfillerPrompts';
import { embedTexts, errorMessage, isCancellation, topSimilar } from './vectorMath';

/** Settings of one infiller run, resolved once from the config. */
interface InfillRun {
  ctx: BlockContext;
  fields: string[];
  system: string;
  model: string | undefined;
  temperature: number;
  maxTokens: number;
  usage: TokenUsage;
}

/**
 * Completes StructureSampler's skeletons with an LLM: the skeleton's values are fixed, the listed fields are
 * generated. With a diversity threshold below 1, samples are generated one after another and a sample whose
 * embedding is too close to an earlier one is regenerated with the closest ones as negative examples.
 */
export const semanticInfiller: NormalBlockDefinition = {
  type: 'SemanticInfiller',
  name: 'Semantic Infiller',
  description: 'Fill the free-text fields of skeleton records with an LLM, keeping the skeleton values fixed.',
  category: 'generators',
  inputs: ['skeletons'],
  outputs: ['samples', '_infiller_warnings'],
  isMultiplier: false,
  configSchema: {
    type: 'object',
    properties: {
      fields_to_generate: {
        type: ['array', 'string'],
        items: { type: 'string' },
        format: 'json-or-template',
        description: 'Fields the LLM writes, e.g. ["description", "price"] or {{ fields_to_generate | tojson }}.',
      },
      model: { type: ['string', 'null'], default: null, modelKind: 'llm', description: 'Model name; empty uses the default model.' },
      temperature: { type: 'number', default: 0.8, minimum: 0, maximum: 2, description: 'Sampling temperature; retries add 0.1 each.' },
      max_tokens: { type: 'integer', default: 500, minimum: 1, description: 'Maximum tokens per generated record.' },
      system_prompt: {
        type: 'string',
        default: '',
        format: 'prompt',
        description: 'System message (template); empty uses a built-in synthetic-data-generator prompt.',
      },
      embedding_model: {
        type: ['string', 'null'],
        default: null,
        modelKind: 'embedding',
        description: 'Embedding model for the diversity check; empty uses the default embedding model.',
      },
      diversity_threshold: {
        type: 'number',
        default: 0.85,
        minimum: 0,
        maximum: 1,
        description: 'Cosine similarity at or above which a sample is regenerated; 1.0 disables the diversity check.',
      },
      negative_examples_count: { type: 'integer', default: 5, minimum: 0, description: 'Similar samples shown as negative examples on a retry.' },
      max_diversity_retries: { type: 'integer', default: 2, minimum: 0, description: 'Regenerations per sample when too similar (0 disables).' },
    },
    required: ['fields_to_generate'],
    additionalProperties: false,
  },
  requiredFields(config) {
    const fields = new Set<string>(['skeletons']);
    for (const key of ['fields_to_generate', 'system_prompt']) {
      const v = config[key];
      if (typeof v === 'string' && v.includes('{')) for (const name of templateVariables(v)) fields.add(name);
    }
    return [...fields].sort();
  },
  async execute(ctx) {
    const fail = (m: string): BlockExecutionError => new BlockExecutionError(m, ctx.blockId, ctx.blockType);
    const skeletons = ctx.state.skeletons;
    if (!Array.isArray(skeletons) || skeletons.length === 0) {
      throw fail("no skeletons to fill: run a Structure Sampler before this block (its seed needs 'samples' and 'target_count')");
    }
    skeletons.forEach((s, i) => {
      if (!isRecord(s)) throw fail(`skeletons[${i}] must be an object`);
    });
    const fields = await resolveStringList(ctx, 'fields_to_generate');
    if (fields.length === 0) throw fail('fields_to_generate must list at least one field');
    const configuredSystem = typeof ctx.config.system_prompt === 'string' ? ctx.config.system_prompt : '';
    const run: InfillRun = {
      ctx,
      fields,
      system: configuredSystem.trim() !== '' ? await ctx.render(configuredSystem, 'system_prompt') : DEFAULT_INFILLER_SYSTEM_PROMPT,
      model: modelConfig(ctx),
      temperature: numberConfig(ctx, 'temperature'),
      maxTokens: numberConfig(ctx, 'max_tokens'),
      usage: emptyUsage(),
    };
    const threshold = numberConfig(ctx, 'diversity_threshold');
    const retries = Math.max(0, Math.floor(numberConfig(ctx, 'max_diversity_retries')));
    const warnings: string[] = [];
    const samples =
      threshold < 1 && retries > 0
        ? await fillWithDiversity(run, skeletons as FieldValues[], threshold, retries, warnings)
        : await Promise.all((skeletons as FieldValues[]).map((s, i) => generate(run, s, i, 0, [])));
    return { output: { samples, ...(warnings.length > 0 ? { _infiller_warnings: warnings } : {}) }, usage: run.usage };
  },
};

/**
 * Sequential generation with the diversity check. If embeddings turn out to be unavailable (no embedding model
 * configured, endpoint down), the check is dropped with a warning and the remaining skeletons go in parallel, as
 * they would with the check disabled: losing diversity is better than losing the whole batch.
 */
async function fillWithDiversity(
  run: InfillRun,
  skeletons: FieldValues[],
  threshold: number,
  retries: number,
  warnings: string[],
): Promise<FieldValues[]> {
  const { ctx } = run;
  const embeddingModel = modelConfig(ctx, 'embedding_model');
  const negativesCount = Math.max(0, Math.floor(numberConfig(ctx, 'negative_examples_count')));
  const accepted: FieldValues[] = [];
  const vectors: number[][] = [];
  for (let i = 0; i < skeletons.length; i++) {
    let negatives: FieldValues[] = [];
    for (let attempt = 0; ; attempt++) {
      const sample = await generate(run, skeletons[i], i, attempt, negatives);
      let vector: number[];
      try {
        const response = await embedTexts(ctx.llm, embeddingModel, [embeddingText(sample, run.fields)], ctx.signal);
        addUsage(run.usage, response.usage);
        vector = response.vectors[0];
      } catch (e) {
        if (isCancellation(e, ctx.signal)) throw e;
        warnings.push(`diversity check disabled: embedding failed (${errorMessage(e)})`);
        const rest = await Promise.all(skeletons.slice(i + 1).map((s, j) => generate(run, s, i + 1 + j, 0, [])));
        return [...accepted, sample, ...rest];
      }
      const similar = topSimilar(vector, vectors, Math.max(1, negativesCount));
      const tooSimilar = similar.length > 0 && similar[0].similarity >= threshold;
      if (tooSimilar && attempt < retries) {
        negatives = similar.slice(0, negativesCount).map((s) => accepted[s.index]);
        continue;
      }
      if (tooSimilar) {
        warnings.push(`sample ${i}: still ${similar[0].similarity.toFixed(2)} similar to an earlier sample after ${retries} retries; kept`);
      }
      accepted.push(sample);
      vectors.push(vector);
      break;
    }
  }
  return accepted;
}

/** One LLM call for one skeleton; locked values win over whatever the model wrote for them. */
async function generate(run: InfillRun, skeleton: FieldValues, index: number, attempt: number, negatives: FieldValues[]): Promise<FieldValues> {
  const { ctx, fields } = run;
  // `_hints` and other internal keys guide the prompt but are not part of the record.
  const locked = Object.fromEntries(Object.entries(skeleton).filter(([k]) => !k.startsWith('_')));
  const hints = isRecord(skeleton._hints) ? skeleton._hints : {};
  const base = infillerPrompt(fields, locked, hints);
  const response = await ctx.llm.chat(
    {
      model: run.model,
      messages: [
        { role: 'system', content: run.system },
        { role: 'user', content: attempt === 0 ? base : diversityRetryPrompt(base, fields, negatives) },
      ],
      // Each retry runs a little hotter, nudging the model away from what it produced before.
      temperature: Math.min(2, Math.round((run.temperature + 0.1 * attempt) * 100) / 100),
      maxTokens: run.maxTokens,
      responseFormat: { type: 'json_object' },
    },
    ctx.signal,
  );
  addUsage(run.usage, response.usage);
  const parsed = parseLlmJson(response.content);
  if (!parsed.ok || !isRecord(parsed.value)) {
    const why = parsed.ok ? 'not a JSON object' : parsed.error;
    throw new BlockExecutionError(
      `skeleton ${index}: the model's answer is not a JSON object (${why}): ${response.content.slice(0, 200)}`,
      ctx.blockId,
      ctx.blockType,
    );
  }
  const generated = Object.fromEntries(Object.entries(parsed.value).filter(([k]) => !k.startsWith('_')));
  return { ...locked, ...generated, ...locked };
}

/** The generated fields' text is what should differ between samples; the fixed values repeat by design. */
function embeddingText(sample: FieldValues, fields: readonly string[]): string {
  const texts = fields.map((f) => sample[f]).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  if (texts.length > 0) return texts.join(' ');
  return JSON.stringify(Object.fromEntries(fields.map((f) => [f, sample[f] ?? null])));
}
