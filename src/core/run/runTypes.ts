import type { BlockRegistry, SecretLookup } from '../blocks/blockTypes';
import type { BatchProgress } from '../batch/batchTypes';
import type { LlmPort, TokenUsage } from '../llm/llmTypes';
import type { BlockSpec, Constraints } from '../pipeline/pipelineTypes';
import type { Seed, SeedList } from '../seeds/seedTypes';
import type { RenderLimits } from '../templates/renderLimits';
import type { TemplateRenderer } from '../templates/templateRenderer';
import type { ResultSink } from '../records/unitResult';

export type RunStatus = 'completed' | 'failed' | 'cancelled' | 'stopped';

export interface RunProgress {
  /** Units in the whole job, including those done in earlier runs (resume). */
  total: number;
  /** Units finished in earlier runs and skipped now. */
  skipped: number;
  succeeded: number;
  failed: number;
  /** 1-based index of the seed most recently started, and the number of seeds. */
  currentSeed: number;
  totalSeeds: number;
  /** The block most recently started, by its name if the pipeline gives one, else its id (see progressBlockName). */
  currentBlock?: string;
  elapsedMs: number;
  usage: TokenUsage;
  /** A batch job's stage: its batches' states and request counts (see src/core/batch). */
  batch?: BatchProgress;
}

export interface RunSummary extends RunProgress {
  status: RunStatus;
  /** Why the job stopped or failed (a constraint reached, see BudgetGate; sink error; multiplier failure). */
  reason?: string;
}

export interface RunOptions {
  jobId: string;
  /** Blocks in execution order (see executionOrder). */
  blocks: readonly BlockSpec[];
  constraints?: Constraints;
  /** The seeds, in memory or read one at a time from the seed file's text (see parseSeeds). */
  seeds: readonly Seed[] | SeedList;
  /** Units the job may have (datagenflow.maxUnitsPerJob); DEFAULT_MAX_UNITS_PER_JOB when not given. */
  maxUnits?: number;
  registry: BlockRegistry;
  llm: LlmPort;
  sink: ResultSink;
  /** Units running at once. */
  concurrency: number;
  signal?: AbortSignal;
  /** Keys already done (resume): they are not run again. */
  doneKeys?: ReadonlySet<string>;
  /** When set, run only these keys (retry of failed units). */
  onlyKeys?: ReadonlySet<string>;
  /** Usage and time of earlier runs of this job, counted against constraints. */
  previousUsage?: TokenUsage;
  previousElapsedMs?: number;
  onProgress?: (progress: RunProgress) => void;
  /** Renders the blocks' templates; by default one made for this run (with `renderLimits`) and closed at its end. */
  renderer?: TemplateRenderer;
  /** Time and output budget of one template render (settings `datagenflow.templates.*`); defaults where missing. */
  renderLimits?: Partial<RenderLimits>;
  now?: () => number;
  /** Secrets for blocks that need them (e.g. Langfuse keys); none by default. */
  secrets?: SecretLookup;
  /** The pipeline's name, for blocks that name things after it. */
  pipelineName?: string;
}
