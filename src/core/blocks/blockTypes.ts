import type { LlmPort, TokenUsage } from '../llm/llmTypes';

export type BlockCategory = 'generators' | 'validators' | 'metrics' | 'seeders' | 'utilities' | 'integrations' | 'general';

export type ConfigValueType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'null';

/**
 * One config field, as the editor renders it. `type` is an array for json-or-template fields
 * (a JSON value, or a string template that renders to JSON).
 */
export interface ConfigField {
  type: ConfigValueType | ConfigValueType[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: readonly unknown[];
  items?: { type: ConfigValueType; enum?: readonly unknown[] };
  minimum?: number;
  maximum?: number;
  /** The value names a field of the accumulated state (editor: select of available fields). */
  isFieldReference?: boolean;
  /** `prompt`/`template`: multi-line template editor; `json-or-template`: JSON value or a template. */
  format?: 'prompt' | 'template' | 'json-or-template';
  /** A model name: the editor offers the configured model names of this kind. */
  modelKind?: 'llm' | 'embedding';
}

/** A JSON Schema (checked with ajv) that doubles as the editor's form description. */
export interface ConfigSchema {
  type: 'object';
  properties: Record<string, ConfigField>;
  required: string[];
  additionalProperties: false;
}

export interface BlockContext {
  /** The accumulated state before this block: seed metadata plus outputs of earlier blocks. Read-only. */
  state: Readonly<Record<string, unknown>>;
  /** The block's config with defaults applied. */
  config: Readonly<Record<string, unknown>>;
  blockId: string;
  blockType: string;
  jobId: string;
  traceId: string;
  signal: AbortSignal;
  llm: LlmPort;
  /**
   * Renders a template against `state` (off the main thread, within the render budgets); errors name this block and
   * `field` when given. Rejects with a CancelledError when the job is cancelled.
   */
  render(template: string, field?: string): Promise<string>;
  /** Secrets other than model keys (e.g. `LANGFUSE_SECRET_KEY`): SecretStorage in VS Code, environment in the CLI. */
  secrets: SecretLookup;
  /** Name of the pipeline being run (e.g. for dataset names). */
  pipelineName: string;
}

export type SecretLookup = (name: string) => Promise<string | undefined>;

/** One stored record of the job, as a job-end hook sees it. */
export interface JobRecordView {
  id: number | string;
  status: string;
  metadata: Record<string, unknown>;
  /** Final accumulated state; null for failed units. */
  output: Record<string, unknown> | null;
  trace: unknown[];
}

/** What a block's `onJobEnd` hook gets once every unit of a job is stored. */
export interface JobEndContext {
  jobId: string;
  pipelineName: string;
  /** This block's config, defaults applied. */
  config: Readonly<Record<string, unknown>>;
  blockId: string;
  /** How the run ended; hooks usually act only on `completed`. */
  status: 'completed' | 'failed' | 'cancelled' | 'stopped';
  /** The job's records, streamed (never the whole job in memory at once). */
  records(): AsyncIterable<JobRecordView>;
  /** Job metadata stored with the job (e.g. `{ langfuse: { uploaded: true } }`), for idempotent hooks. */
  jobMetadata: Readonly<Record<string, unknown>>;
  setJobMetadata(patch: Record<string, unknown>): Promise<void>;
  secrets: SecretLookup;
  signal: AbortSignal;
  log(message: string): void;
}

export interface BlockOutput {
  /** Keys merged into the accumulated state. Must be declared in `outputs` unless outputs is `['*']`. */
  output: Record<string, unknown>;
  usage?: TokenUsage;
}

export interface MultiplierOutput {
  /** Each item becomes the initial state of its own unit. */
  items: Record<string, unknown>[];
  usage?: TokenUsage;
}

/** An input a block reads but runs without (see `optionalFields`). */
export interface OptionalInput {
  /** Any one of these fields will do, tried in this order: ValidatorBlock reads `text`, else `assistant`. */
  anyOf: string[];
  /** What the block does when none of them is in the state, finishing "the block …": "scores 0". */
  whenMissing: string;
}

interface BlockDefinitionBase {
  /** Registry key and the `type` in pipeline files, e.g. `TextGenerator`. */
  type: string;
  name: string;
  description: string;
  category: BlockCategory;
  /** State keys read; `['*']` = any. */
  inputs: string[];
  /** State keys written; `['*']` = dynamic. */
  outputs: string[];
  /**
   * Outputs written only when the state already has them (ValidatorBlock hands `text` and `assistant` on): the block
   * does not produce them, so Verify Seeds still asks the seed for them when a later block needs them.
   */
  passThrough?: string[];
  configSchema: ConfigSchema;
  /**
   * State fields this block cannot run without, with this config (declared inputs, or template variables): a run
   * fails without one, so Verify Seeds refuses seeds that lack one no earlier block produces.
   */
  requiredFields(config: Readonly<Record<string, unknown>>): string[];
  /**
   * State fields this block reads but runs without, giving a documented result (a score of 0, `valid: false`):
   * Verify Seeds warns about seeds that lack them and never refuses, and the canvas shows them as seed fields.
   */
  optionalFields?(config: Readonly<Record<string, unknown>>): OptionalInput[];
  /**
   * Runs once after the job's last unit is stored (e.g. uploading the dataset). Errors are reported in the job's
   * metadata and the log; they never change the records.
   */
  onJobEnd?(context: JobEndContext): Promise<void>;
}

export interface NormalBlockDefinition extends BlockDefinitionBase {
  isMultiplier: false;
  execute(context: BlockContext): Promise<BlockOutput>;
}

export interface MultiplierBlockDefinition extends BlockDefinitionBase {
  isMultiplier: true;
  execute(context: BlockContext): Promise<MultiplierOutput>;
}

export type BlockDefinition = NormalBlockDefinition | MultiplierBlockDefinition;

/** Lookup of block types, built-in and custom. */
export interface BlockRegistry {
  get(type: string): BlockDefinition | undefined;
  /** Every known type name, sorted. */
  types(): string[];
  all(): BlockDefinition[];
}
