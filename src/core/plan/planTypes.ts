/** Where a plan's output-token figure comes from. */
export type OutputSource =
  /** The mean of this block's answers in earlier jobs of the pipeline. */
  | 'earlier-jobs'
  /** The mean of this block's answers in the pipeline's kept tries (no earlier job ran it). */
  | 'tries'
  /** The mean of this block's answers in earlier jobs and kept tries together. */
  | 'earlier-jobs-and-tries'
  /** The requests' max_tokens: an upper bound. */
  | 'max-tokens'
  /** Requests without max_tokens and no earlier job: not known. */
  | 'unknown'
  /** The block calls no model. */
  | 'none';

/** One block of the plan: its figures over the whole job. */
export interface BlockPlan {
  id: string;
  type: string;
  name?: string;
  /** Chat and embedding requests. */
  calls: number;
  inputTokens: number;
  /**
   * Of inputTokens, those of placeholder answers (outputs of earlier blocks no job or try has shown yet): their
   * length is a guess, so this share of the estimate is the uncertain one. Absent when none.
   */
  placeholderInputTokens?: number;
  /** Undefined when not known (see outputSource). */
  outputTokens?: number;
  outputSource: OutputSource;
  /** USD at the models' prices; undefined when a model it calls has no price (or it calls none: 0). */
  cost?: number;
  /** Configured model names it calls. */
  models: string[];
  /** Output fields later blocks saw as named placeholders (no earlier job gave real ones). */
  placeholders: string[];
}

export interface PlanTotals {
  calls: number;
  inputTokens: number;
  /** Of inputTokens, the placeholders' guessed share (see BlockPlan); absent when none. */
  placeholderInputTokens?: number;
  /** Sum over the blocks whose output is known; see outputSource. */
  outputTokens: number;
  /**
   * `unknown` if any block's figure is unknown, else `max-tokens` if any is an upper bound, else where the measured
   * figures came from: `earlier-jobs` or `tries` when all from one, `earlier-jobs-and-tries` when from both.
   */
  outputSource: OutputSource;
  /** USD; undefined when no model used has a price. */
  cost?: number;
  /** False when some block's cost is missing from `cost` (a model without prices, or an unknown output). */
  costComplete: boolean;
}

export interface PlanTime {
  /** Wall time at `concurrency`; undefined without an earlier job to measure latency from. */
  ms?: number;
  source: 'earlier-jobs' | 'unknown';
  concurrency: number;
}

/** What a run of a pipeline over a seed file will take, before it runs. */
export interface RunPlan {
  pipelineName: string;
  seeds: number;
  units: number;
  /** False when a multiplier's chunks were counted on a sample of the seeds and scaled up. */
  unitsExact: boolean;
  /** Units whose prompts were rendered. */
  sampledUnits: number;
  blocks: BlockPlan[];
  totals: PlanTotals;
  time: PlanTime;
  /** The requests' mean prices per 1k tokens (undefined: no model used has a price): an actual cost at the plan's prices. */
  prices?: { perKInput: number; perKOutput: number };
  /** Earlier jobs the figures used, newest first (empty: none). */
  historyJobIds: number[];
  /** Kept tries of the pipeline the figures used (absent: none). */
  historyTries?: number;
  /** Sentences for the user: placeholders, missing prices, blocks that failed in the dry run. */
  notes: string[];
}
