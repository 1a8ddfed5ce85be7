import type { ResponseFormat } from '../llm/llmTypes';
import type { SourceRange } from '../problems';

/** What the last try of a seed produced at a block: its outputs, and how to name that try (e.g. "try of 14:02"). */
export interface PreviousOutput {
  output: Record<string, unknown>;
  from: string;
}

/**
 * Earlier outputs of a pipeline's blocks for one seed (the last try of that seed), so a preview shows what a later
 * block would really receive. Implemented by the try store; without it, earlier LLM answers are named placeholders.
 */
export interface PreviousOutputs {
  lastOutput(blockId: string, seedIndex: number): Promise<PreviousOutput | undefined>;
}

/** One request the block would send, exactly as the engine builds it. */
export interface PreviewRequest {
  kind: 'chat' | 'embed';
  model?: string;
  system?: string;
  user?: string;
  /** Messages other than the first system and user message (none for the built-in generators). */
  otherMessages: { role: string; content: string }[];
  temperature?: number;
  maxTokens?: number;
  responseFormat?: ResponseFormat;
  /** Embedding inputs. */
  input?: string[];
}

/** Where an earlier block's fields came from in this preview. */
export interface UpstreamSource {
  blockId: string;
  blockType: string;
  /** `previous`: the last try of this seed; `placeholder`: its LLM answers are named placeholders; `computed`: run here (no LLM); `failed`: it failed here, its outputs are placeholders. */
  kind: 'previous' | 'placeholder' | 'computed' | 'failed';
  /** For `previous`: which try; for `failed`: the error. */
  detail?: string;
  /** Output fields holding placeholders. */
  placeholders: string[];
}

/** A template of the block that failed to render: the message, and where the template line is. */
export interface PreviewError {
  message: string;
  blockId?: string;
  /** The config field, e.g. `user_prompt`. */
  field?: string;
  /** 1-based line inside the template, when known. */
  templateLine?: number;
  /** The template's place in the pipeline's text (the offending line's characters when known), 1-based, end-exclusive. */
  range?: SourceRange;
}

export interface PromptPreview {
  blockId: string;
  blockType: string;
  blockName?: string;
  seedIndex: number;
  /** A multiplier first: which of its chunks is shown (the first), and how many the seed gave. */
  chunk?: { index: number; count: number };
  requests: PreviewRequest[];
  upstream: UpstreamSource[];
  error?: PreviewError;
}
