// What a try produces: one seed (or one chunk of a Markdown seed) through the pipeline, outside any job. Plain JSON,
// so the try store keeps it as it is and the host posts it to the try panel and the canvas unchanged.
import type { TokenUsage } from '../llm/llmTypes';

/** Where a failed block went wrong: the block, and for a template the config field and the line in it. */
export interface TryError {
  message: string;
  blockId?: string;
  blockType?: string;
  code?: string;
  /** The block's config field whose template failed (e.g. `user_prompt`). */
  field?: string;
  /** 1-based line and column in that field's template, when known. */
  line?: number;
  column?: number;
  /** The undefined variable, for that kind of template error. */
  variable?: string;
}

/** One block's step in a try, as soon as the block is done. */
export interface TryBlockResult {
  blockId: string;
  blockType: string;
  /** ISO 8601. */
  startedAt: string;
  durationMs: number;
  output: Record<string, unknown> | null;
  usage?: TokenUsage;
  /** Every answer of the block came from the response cache. */
  reused?: boolean;
  error?: TryError;
}

export type TryStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface TryRecord {
  id: string;
  pipelineName: string;
  /** Index of the seed in the parsed seed list; for a Markdown seed, the chunk the try ran. */
  seedIndex: number;
  chunkIndex?: number;
  /** How the seed is named in messages (`Seed 3`, `Chunk 2 "Intro"`). */
  seedLabel: string;
  /** ISO 8601. */
  startedAt: string;
  durationMs: number;
  status: TryStatus;
  /** The state the first block saw (seed metadata, or the chunk). */
  input: Record<string, unknown>;
  blocks: TryBlockResult[];
  /** The final accumulated state; null unless the try succeeded. */
  output: Record<string, unknown> | null;
  error?: TryError;
  usage: TokenUsage;
}

/** What a running try reports, in order: started, then per block started and done, then finished. */
export type TryEvent =
  | { type: 'started'; record: TryRecord }
  | { type: 'blockStarted'; tryId: string; blockId: string }
  | { type: 'block'; tryId: string; block: TryBlockResult }
  | { type: 'finished'; record: TryRecord };
