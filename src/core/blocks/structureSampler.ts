import { BlockExecutionError } from '../errors';
import { templateVariables } from '../templates/templateVariables';
import type { BlockContext, NormalBlockDefinition } from './blockTypes';
import { resolveJsonOrTemplate, resolveStringList } from './configValues';
import {
  combinationKey,
  conditionalKey,
  dependencyOrder,
  learnProfile,
  type Distribution,
  type Sample,
  type SamplerProfile,
  type SamplerSpec,
} from './samplerStatistics';
import { createRandom, sampleWithoutReplacement, weightedIndex, type Random } from './seededRandom';

/** Exemplars attached to each skeleton's hints: enough to show the style, few enough to keep prompts short. */
const MAX_MATCHING_EXEMPLARS = 3;
/** Below this many samples the learned frequencies are too coarse to trust; the run goes on with a warning. */
const FEW_SAMPLES = 10;

/**
 * Learns the distribution of the seed's `samples` and draws `target_count` skeletons: categorical values sampled
 * from marginals (or from conditionals, for fields with dependencies), plus hints for the generator (numeric
 * ranges and matching exemplars). SemanticInfiller then fills the free-text fields of each skeleton. Categorical
 * fields are optional: numeric fields alone give skeletons made of hints, as in the original.
 */
export const structureSampler: NormalBlockDefinition = {
  type: 'StructureSampler',
  name: 'Structure Sampler',
  description: 'Learn field distributions from sample records and generate skeleton records that follow them.',
  category: 'seeders',
  inputs: ['samples'],
  outputs: ['skeletons', '_seed_samples', '_sampler_warnings'],
  isMultiplier: false,
  configSchema: {
    type: 'object',
    properties: {
      target_count: {
        type: ['integer', 'string'],
        format: 'json-or-template',
        description: 'Number of skeletons to generate: an integer or a template such as {{ target_count }}.',
      },
      categorical_fields: {
        type: ['array', 'string'],
        items: { type: 'string' },
        default: '',
        format: 'json-or-template',
        description:
          'Categorical fields to sample, e.g. ["plan", "role"] or {{ categorical_fields | tojson }} (empty for none: skeletons then carry only numeric hints and exemplars).',
      },
      numeric_fields: {
        type: ['array', 'string'],
        items: { type: 'string' },
        default: '',
        format: 'json-or-template',
        description: 'Numeric fields whose ranges become hints, e.g. ["price"] (empty for none).',
      },
      dependencies: {
        type: ['object', 'string'],
        default: '',
        format: 'json-or-template',
        description: 'Child field → parent fields, e.g. {"role": ["plan"]}: the child is sampled given its parents.',
      },
      seed: { type: ['integer', 'null'], default: null, description: 'Random seed for reproducible sampling (empty: random).' },
    },
    required: ['target_count'],
    additionalProperties: false,
  },
  requiredFields(config) {
    if (isBlankList(config.categorical_fields) && isBlankList(config.numeric_fields)) {
      throw new Error('categorical_fields and numeric_fields are both empty: list at least one field to learn');
    }
    const fields = new Set<string>(['samples']);
    for (const key of ['target_count', 'categorical_fields', 'numeric_fields', 'dependencies']) {
      const v = config[key];
      if (typeof v === 'string' && v.includes('{')) for (const name of templateVariables(v)) fields.add(name);
    }
    return [...fields].sort();
  },
  async execute(ctx) {
    const fail = (message: string): BlockExecutionError => new BlockExecutionError(message, ctx.blockId, ctx.blockType);
    const count = await targetCount(ctx, fail);
    const spec = await samplerSpec(ctx, fail);
    const samples = seedSamples(ctx.state.samples, fail);
    const ordered = dependencyOrder(spec.categorical, spec.dependencies);
    if (!ordered.ok) {
      throw fail(`dependencies contain a cycle: ${ordered.cycle.join(' → ')} (each field depends on the next). Remove one of these dependencies.`);
    }
    const random = createRandom(await seedConfig(ctx, fail));
    let profile: SamplerProfile;
    try {
      profile = learnProfile(samples, spec, random);
    } catch (e) {
      throw fail((e as Error).message);
    }
    const warnings = [...profile.warnings];
    if (samples.length < FEW_SAMPLES) {
      warnings.push(`only ${samples.length} sample(s): learned frequencies are coarse; at least 20 samples are recommended`);
    }
    const unseen = new Set<string>();
    const skeletons: Sample[] = [];
    for (let i = 0; i < count; i++) {
      skeletons.push(drawSkeleton(profile, spec, ordered.order, random, unseen));
    }
    for (const key of unseen) warnings.push(`unseen parent combination ${key}: sampled from the marginal distribution`);
    return { output: { skeletons, _seed_samples: samples, ...(warnings.length > 0 ? { _sampler_warnings: warnings } : {}) } };
  },
};

/** A literal empty list (a template may still produce fields, so it is not blank). */
function isBlankList(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0) || (typeof value === 'string' && value.trim() === '');
}

function drawSkeleton(profile: SamplerProfile, spec: SamplerSpec, order: string[], random: Random, unseen: Set<string>): Sample {
  const skeleton: Sample = {};
  for (const field of order) {
    let distribution = profile.marginals.get(field) as Distribution;
    const parents = spec.dependencies[field];
    if (parents && parents.length > 0) {
      const key = conditionalKey(field, parents, parents.map((p) => skeleton[p]));
      const conditional = profile.conditionals.get(key);
      // Independently sampled parents can combine into a pair no sample has; the marginal is the honest fallback.
      if (conditional) distribution = conditional;
      else unseen.add(key);
    }
    skeleton[field] = distribution.values[weightedIndex(random, distribution.probabilities)];
  }
  const hints: Record<string, unknown> = {};
  for (const field of spec.numeric) {
    const stats = profile.numeric.get(field);
    if (stats) hints[`${field}_range`] = [stats.min, stats.max];
  }
  const matching = profile.byCombination.get(combinationKey(skeleton, spec.categorical)) ?? [];
  hints.exemplars =
    matching.length > 0
      ? sampleWithoutReplacement(random, matching, MAX_MATCHING_EXEMPLARS)
      : profile.exemplars.slice(0, MAX_MATCHING_EXEMPLARS);
  skeleton._hints = hints;
  return skeleton;
}

async function targetCount(ctx: BlockContext, fail: (m: string) => Error): Promise<number> {
  const raw = ctx.config.target_count;
  const text = typeof raw === 'string' ? (await ctx.render(raw, 'target_count')).trim() : raw;
  const n = typeof text === 'string' && text !== '' ? Number(text) : text;
  if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) {
    throw fail(`target_count must be a positive integer, got ${JSON.stringify(text)}`);
  }
  return n;
}

async function seedConfig(ctx: BlockContext, fail: (m: string) => Error): Promise<number | undefined> {
  const raw = ctx.config.seed;
  if (raw === null || raw === undefined || raw === '') return undefined;
  const n = typeof raw === 'string' ? Number((await ctx.render(raw, 'seed')).trim()) : raw;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw fail(`seed must be an integer, got ${JSON.stringify(raw)}`);
  return n;
}

async function samplerSpec(ctx: BlockContext, fail: (m: string) => Error): Promise<SamplerSpec> {
  const categorical = await resolveStringList(ctx, 'categorical_fields');
  const numeric = await resolveStringList(ctx, 'numeric_fields');
  // Numeric fields alone are enough (the skeletons then carry ranges and exemplars only); with neither there is
  // nothing to learn, which is almost certainly a misconfiguration rather than a wish for empty skeletons.
  if (categorical.length === 0 && numeric.length === 0) {
    throw fail('categorical_fields and numeric_fields are both empty: list at least one field to learn, e.g. categorical_fields ["plan"] or numeric_fields ["price"]');
  }
  const raw = ((await resolveJsonOrTemplate(ctx, 'dependencies', 'object')) ?? {}) as Record<string, unknown>;
  const dependencies: Record<string, string[]> = {};
  for (const [child, parents] of Object.entries(raw)) {
    if (!Array.isArray(parents) || !parents.every((p) => typeof p === 'string')) {
      throw fail(`dependencies: the parents of '${child}' must be a list of field names`);
    }
    // Conditionals are learned between categorical fields only; anything else could never be sampled in order.
    for (const f of [child, ...parents]) {
      if (!categorical.includes(f)) {
        throw fail(`dependencies: '${f}' is not in categorical_fields (${categorical.join(', ')}); dependencies link categorical fields`);
      }
    }
    dependencies[child] = parents as string[];
  }
  return { categorical, numeric, dependencies };
}

function seedSamples(value: unknown, fail: (m: string) => Error): Sample[] {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
    throw fail("no samples: add a non-empty 'samples' array of records to the seed metadata");
  }
  if (!Array.isArray(value)) throw fail(`'samples' must be an array of records, got ${typeof value}`);
  value.forEach((s, i) => {
    if (typeof s !== 'object' || s === null || Array.isArray(s)) throw fail(`samples[${i}] must be an object (a record)`);
  });
  return value as Sample[];
}
