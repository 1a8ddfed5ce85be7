import type { ExportMappings } from '../export/exportMapping';

/** The `*.dgf.json` file model. Unknown fields are kept (index signatures) so they survive a round trip. */

/** Ids of the canvas' fixed nodes, used in edges. Blocks may not use these ids. */
export const START_ID = 'start';
export const END_ID = 'end';

export interface Position {
  x: number;
  y: number;
}

export interface BlockSpec {
  id: string;
  /** Block type, e.g. `TextGenerator`. */
  type: string;
  /** Optional display name shown on the canvas. */
  name?: string;
  config: Record<string, unknown>;
  position: Position;
  [extra: string]: unknown;
}

export interface EdgeSpec {
  source: string;
  target: string;
  [extra: string]: unknown;
}

/** Limits that stop a job with status `stopped`. Absent, null or -1 = unlimited. */
export interface Constraints {
  max_total_tokens?: number | null;
  max_total_input_tokens?: number | null;
  max_total_output_tokens?: number | null;
  max_total_cached_tokens?: number | null;
  /** Seconds. */
  max_total_execution_time?: number | null;
  [extra: string]: unknown;
}

export interface PipelineFile {
  version: number;
  name: string;
  description?: string;
  blocks: BlockSpec[];
  edges: EdgeSpec[];
  constraints?: Constraints;
  /** Canvas positions of the Start and End nodes. */
  layout?: { start?: Position; end?: Position; [extra: string]: unknown };
  /** How records map to each export format (see src/core/export/exportMapping). */
  exports?: ExportMappings;
  [extra: string]: unknown;
}
