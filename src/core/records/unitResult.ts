// What a job's units produce and the store keeps: shared by src/core/run (which makes them) and src/core/store
// (which persists them), so neither imports the other's types (the store never imports the runner).
import type { TokenUsage } from '../llm/llmTypes';

/** One block's step in a unit. The state at any step is derived: metadata + outputs so far (lean trace). */
export interface TraceEntry {
  block_id: string;
  block_type: string;
  /** ISO 8601. */
  started_at: string;
  duration_ms: number;
  output: Record<string, unknown> | null;
  error: string | null;
  usage?: TokenUsage;
  /** Every model call of this block was answered from the response cache (nothing sent, nothing paid). */
  reused?: boolean;
}

export interface UnitError {
  message: string;
  blockId?: string;
  blockType?: string;
  code?: string;
}

/** What a unit produced; failed units are results too, never dropped. */
export interface UnitResult {
  /** Stable key: `s<seed>.r<repetition>` for normal pipelines, `s<seed>.c<chunk>` after a multiplier. */
  key: string;
  seedIndex: number;
  repetition?: number;
  chunkIndex?: number;
  status: 'succeeded' | 'failed';
  /** The unit's initial state (seed metadata, or the chunk a multiplier produced). */
  metadata: Record<string, unknown>;
  /** Final accumulated state; null when the unit failed. */
  output: Record<string, unknown> | null;
  error?: UnitError;
  trace: TraceEntry[];
  usage: TokenUsage;
  /** ISO 8601. */
  startedAt: string;
  durationMs: number;
}

/** Where results go. A result is acknowledged (counted as done) only when `write` resolves. */
export interface ResultSink {
  write(result: UnitResult): Promise<void>;
}
