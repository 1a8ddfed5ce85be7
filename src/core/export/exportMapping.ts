import type { MappedFormat } from './exportFormats';

/**
 * Field mappings of a pipeline, kept in its file under the optional top-level key `exports`, one entry per format.
 * A field reference is a path into the record's accumulated state (`answer`, `messages[-1].content`), or one of
 * `$metadata.<path>` (the seed), `$original.<path>` (the output as generated, before review edits), `$id`,
 * `$status`, `$seed_index`, `$unit_key`, `$edited`.
 */
export interface ChatMapping {
  /** A list of {role, content} messages. Either this or `user` + `assistant`. */
  messages?: string;
  /** A single-turn exchange: the user's text and the assistant's answer. */
  user?: string;
  assistant?: string;
  /** Literal system message, put first when the conversation has none. */
  system?: string;
}

export interface AlpacaMapping {
  instruction: string;
  /** Absent: "" (Alpaca's "no input"). */
  input?: string;
  output: string;
}

/** Column name → field reference; absent: every field of the first record's accumulated state. */
export type ColumnMapping = Record<string, string>;

export interface TableMapping {
  columns?: ColumnMapping;
}

export interface SplitRatios {
  train: number;
  validation: number;
  test: number;
}

export interface HuggingFaceMapping extends TableMapping {
  /** Fractions of the records (normalised to sum 1); default 0.8 / 0.1 / 0.1. */
  splits?: Partial<SplitRatios>;
  /** Seed of the split; default 42. The same seed and records give the same splits. */
  seed?: number;
  /** The card's `license` (an SPDX-like id the Hub knows, e.g. cc-by-4.0); default `unknown`. */
  license?: string;
  pretty_name?: string;
}

export interface ExportMappings {
  openai_chat?: ChatMapping;
  alpaca?: AlpacaMapping;
  sharegpt?: ChatMapping;
  csv?: TableMapping;
  parquet?: TableMapping;
  huggingface?: HuggingFaceMapping;
  [extra: string]: unknown;
}

export type MappingOf<F extends MappedFormat> = NonNullable<ExportMappings[F]>;

export const DEFAULT_SPLITS: SplitRatios = { train: 0.8, validation: 0.1, test: 0.1 };
export const DEFAULT_SPLIT_SEED = 42;
