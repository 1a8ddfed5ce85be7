import type { JobDetail, RecordStatus } from '../store/storeTypes';
import type { ColumnType } from './columnTypes';
import { CARD_MARKER } from './formatTarget';
import { huggingFaceFeatures } from './huggingFaceFeatures';
import type { SplitName } from './splitPlan';
import { yamlDocument } from './yamlText';

export interface CardSplit {
  name: SplitName;
  examples: number;
  bytes: number;
  /** Relative to the folder, e.g. data/train-00000-of-00001.parquet. */
  file: string;
}

export interface CardInput {
  job: JobDetail;
  columns: ReadonlyMap<string, ColumnType>;
  /** Only the splits that hold records. */
  splits: CardSplit[];
  license: string;
  prettyName?: string;
  seed: number;
  ratios: Record<SplitName, number>;
  status?: RecordStatus;
  /** Column → field reference. */
  mapping: Record<string, string>;
  exportedAt: string;
}

/** Block settings that describe how a record was generated (prompts are in the pipeline file, not repeated here). */
const GENERATION_KEYS = ['model', 'temperature', 'max_tokens', 'top_p', 'seed', 'mode', 'min_turns', 'max_turns'];

/**
 * The dataset card (README.md) of a Hugging Face dataset folder: YAML metadata the Hub reads (license, configs with
 * the data files of each split, dataset_info with features, split sizes, download and dataset size), what produced
 * it under `datagenflow:` (job, pipeline, seeds, models, per-block generation settings, split seed, mapping), and a
 * short description.
 */
export function datasetCard(input: CardInput): string {
  const { job, splits } = input;
  const total = splits.reduce((s, x) => s + x.examples, 0);
  const bytes = splits.reduce((s, x) => s + x.bytes, 0);
  const name = input.prettyName ?? job.pipelineName;
  const metadata: Record<string, unknown> = {
    license: input.license,
    pretty_name: name,
    tags: ['synthetic', 'datagenflow'],
    size_categories: [sizeCategory(total)],
    configs: [{ config_name: 'default', data_files: splits.map((s) => ({ split: s.name, path: `data/${s.name}-*.parquet` })) }],
    dataset_info: {
      features: huggingFaceFeatures(input.columns),
      splits: splits.map((s) => ({ name: s.name, num_bytes: s.bytes, num_examples: s.examples })),
      download_size: bytes,
      dataset_size: bytes,
    },
    datagenflow: {
      job: job.id,
      pipeline: { name: job.pipelineName, path: job.pipelinePath, hash: job.pipelineHash, blocks: job.pipelineSnapshot.blocks.map((b) => ({ id: b.id, type: b.type, ...generationSettings(b.config) })) },
      seeds: { path: job.seedsPath, hash: job.seedsHash },
      models: modelsOf(job.modelSettings),
      records: input.status ?? 'all but failed',
      split: { seed: input.seed, ratios: input.ratios },
      mapping: input.mapping,
      generated: { started: job.startedAt, finished: job.finishedAt, input_tokens: job.usage.input_tokens, output_tokens: job.usage.output_tokens },
      exported_at: input.exportedAt,
    },
  };
  const front = yamlDocument(metadata);
  if (!front.split('\n').includes(CARD_MARKER)) throw new Error('dataset card without its DataGenFlow marker');
  const rows = splits.map((s) => `| ${s.name} | ${s.examples} | \`${s.file}\` |`).join('\n');
  return `---
${front}---

# ${name}

Synthetic dataset generated with DataGenFlow from the pipeline \`${job.pipelineName}\` (job ${job.id}).
${job.pipelineSnapshot.description ? `\n${job.pipelineSnapshot.description}\n` : ''}
| split | examples | file |
|---|---|---|
${rows}

Records: ${input.status ?? 'every record except failed executions'}; splits drawn with seed ${input.seed}. The \`datagenflow\` metadata above records the pipeline, models and generation settings that produced it.

\`\`\`python
from datasets import load_dataset
dataset = load_dataset("path/or/repo-id")
\`\`\`
`;
}

function generationSettings(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of GENERATION_KEYS) if (config[key] !== undefined && config[key] !== null) out[key] = config[key];
  return out;
}

function modelsOf(settings: Record<string, unknown>): unknown {
  const models = Array.isArray(settings.models) ? (settings.models as Record<string, unknown>[]) : [];
  // The endpoint URL may be private: the card names the models only.
  return { default: settings.defaultModel ?? null, models: models.map((m) => ({ name: m.name ?? null, model: m.model ?? null })) };
}

function sizeCategory(n: number): string {
  if (n < 1000) return 'n<1K';
  if (n < 10_000) return '1K<n<10K';
  if (n < 100_000) return '10K<n<100K';
  if (n < 1_000_000) return '100K<n<1M';
  return '1M<n<10M';
}
