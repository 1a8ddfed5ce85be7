import type { TokenUsage } from '../llm/llmTypes';

/** A provider batch's life, as the OpenAI Batch API names it. */
export type BatchStatus = 'validating' | 'failed' | 'in_progress' | 'finalizing' | 'completed' | 'expired' | 'cancelling' | 'cancelled';

export const TERMINAL_STATUSES: readonly BatchStatus[] = ['failed', 'completed', 'expired', 'cancelled'];

export function isTerminal(status: BatchStatus | undefined): boolean {
  return status !== undefined && TERMINAL_STATUSES.includes(status);
}

export interface BatchCounts {
  total: number;
  completed: number;
  failed: number;
}

/** A batch as the provider reports it. */
export interface ProviderBatch {
  id: string;
  status: BatchStatus;
  inputFileId: string;
  outputFileId?: string;
  errorFileId?: string;
  counts: BatchCounts;
  /** What the provider said when the batch failed validation. */
  errors?: string;
}

/** One input file of a job and what became of it, kept in the job's state file (see BatchLedger). */
export interface BatchFileEntry {
  /** The local JSONL file, in the job's batch folder. */
  name: string;
  /** The stage (round of requests) it belongs to, from 1. */
  stage: number;
  /** The configured model name (a batch file holds one model's requests: one endpoint, one model id). */
  model: string;
  requests: number;
  bytes: number;
  fileId?: string;
  /** When a create call for it was last sent (ISO 8601): after a crash, the batch may exist without its id here. */
  createSentAt?: string;
  batchId?: string;
  status?: BatchStatus;
  counts?: BatchCounts;
  /** Its output and error files are read into the answers: nothing more to do with it. */
  collected?: boolean;
}

/** The answer to one request, or why there is none. */
export type AnswerEntry =
  /** `vectors`: an embedding call's answer (embeddings go online; kept so a later stage replays them, not re-asks). */
  | { id: string; ok: { content: string; usage: TokenUsage; vectors?: number[][] }; online?: boolean }
  /** `batch`: the batch that gave it; an attempt counts once per batch, so results read twice count once. */
  | { id: string; err: { message: string; status?: number; retryable: boolean }; batch?: string };

/** What progress shows about the batch side of a job. */
export interface BatchProgress {
  stage: number;
  /** What the job does now. */
  phase: 'preparing' | 'submitting' | 'waiting' | 'downloading' | 'cancelling';
  batches: number;
  /** Batches by provider status, e.g. { in_progress: 2, completed: 1 }. */
  statuses: Partial<Record<BatchStatus, number>>;
  requests: number;
  completed: number;
  failed: number;
}
