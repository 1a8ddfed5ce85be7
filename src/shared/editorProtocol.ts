// The pipeline editor's protocol (webview-ui/editor ↔ src/editor). The TextDocument is the truth: the webview
// sends semantic edits, the host applies them to the text and pushes every document change back as a snapshot
// tagged with the document version.
import type { RpcMethod } from './rpc';

export interface XY {
  x: number;
  y: number;
}

/**
 * A canvas action, naming blocks by id, as it travels. The host checks it field by field (src/editor/parseEditorEdit)
 * into the engine's PipelineEdit, which it applies to the text.
 */
export type EditorEdit =
  | { kind: 'addBlock'; type: string; name?: string; config: Record<string, unknown>; position: XY }
  | { kind: 'remove'; blockIds: string[]; edges: { source: string; target: string }[] }
  | { kind: 'connect'; source: string; target: string }
  | { kind: 'disconnect'; source: string; target: string }
  | { kind: 'move'; positions: { id: string; x: number; y: number }[] }
  | { kind: 'configure'; blockId: string; key: string; value?: unknown }
  | { kind: 'renameBlock'; blockId: string; name: string }
  | { kind: 'renamePipeline'; name: string }
  | { kind: 'duplicate'; blockId: string }
  | { kind: 'setConstraint'; key: string; value: number | null };

export type EditorEditKind = EditorEdit['kind'];

/** A block of the file as the canvas draws it (unknown fields are not sent: the host keeps them in the text). */
export interface EditorBlock {
  id: string;
  type: string;
  name?: string;
  config: Record<string, unknown>;
  position: XY;
}

export interface EditorPipeline {
  name: string;
  description?: string;
  blocks: EditorBlock[];
  edges: { source: string; target: string }[];
  constraints: Record<string, number | null | undefined>;
  layout: { start?: XY; end?: XY };
}

export interface EditorProblem {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  blockId?: string;
  /** 1-based, as editors show it. */
  line?: number;
  column?: number;
  /** A one-click fix: the webview sends `edit` with it, an ordinary (undoable) edit of the document. */
  fix?: EditorFix;
}

export interface EditorFix {
  /** The button's label, e.g. `Set score_threshold to 1`. */
  title: string;
  edit: EditorEdit;
}

/** The document at one version: a drawable pipeline, or why it cannot be drawn. */
export interface EditorSnapshot {
  version: number;
  fileName: string;
  /** Absent when the text is not JSON or not shaped like a pipeline: the webview shows the problems instead. */
  pipeline?: EditorPipeline;
  problems: EditorProblem[];
  /** Per block id, the accumulated-state fields available before it. */
  available: Record<string, string[]>;
  /** Seed fields the pipeline's templates need (seed variables), shown as available at the first block. */
  seedFields: string[];
}

export type ConfigValueKind = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'null';

export interface CatalogueField {
  type: ConfigValueKind | ConfigValueKind[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: readonly unknown[];
  minimum?: number;
  maximum?: number;
  isFieldReference?: boolean;
  format?: 'prompt' | 'template' | 'json-or-template';
  modelKind?: 'llm' | 'embedding';
}

export interface CatalogueBlock {
  type: string;
  name: string;
  description: string;
  category: string;
  inputs: string[];
  outputs: string[];
  isMultiplier: boolean;
  custom: boolean;
  properties: Record<string, CatalogueField>;
  required: string[];
}

/** What the palette and the config panel need; sent at start and when blocks, models or trust change. */
export interface EditorCatalogue {
  blocks: CatalogueBlock[];
  models: string[];
  embeddingModels: string[];
  /** False in Restricted Mode: Generate is disabled with an explanation. */
  trusted: boolean;
}

export type EditorMethods = {
  /** Applies a canvas action to the document; resolves with the document version after it. */
  edit: RpcMethod<{ edit: EditorEdit }, { version: number; createdId?: string }>;
  /** Runs DataGenFlow: Generate for this file. */
  generate: RpcMethod<Record<string, never>, null>;
  /** Reopens the file in the plain text editor. */
  reopenAsText: RpcMethod<Record<string, never>, null>;
  /** Reveals a problem's place in the text editor beside the canvas. */
  revealInText: RpcMethod<{ line: number; column: number }, null>;
  /** The variables a prompt or template reads, by the engine's own template parser; `error` when it does not parse. */
  templateVariables: RpcMethod<{ template: string }, { variables: string[]; error?: string }>;
  /** Runs DataGenFlow: Choose Seed File for Pipeline for this file (the header's seed chooser). */
  chooseSeedFile: RpcMethod<Record<string, never>, null>;
  /** Runs DataGenFlow: Try Seed for this file (it asks which seed). */
  trySeed: RpcMethod<Record<string, never>, null>;
};

/**
 * Test hooks: sent only when the boot data asks for them (the extension in ExtensionMode.Test, the browser harness,
 * the benchmark); a production host does not handle them.
 */
export type EditorTestMethods = {
  /** The webview drew this snapshot (tests and the benchmark wait for it). */
  rendered: RpcMethod<{ version: number; nodes: number }, null>;
};

/** What the host puts into the editor's page. */
export interface EditorBoot {
  fileName: string;
  /** Report each drawn snapshot (`rendered`): test hosts only. */
  reportRendered?: boolean;
}

export type EditorEvents = {
  snapshot: EditorSnapshot;
  catalogue: EditorCatalogue;
  /** Select this block and open its config (trace → source); sent after the snapshot that holds it. */
  selectBlock: { blockId: string };
  /** The pipeline's seed file: at start and whenever the association changes. */
  seedFile: EditorSeedFile;
  /** The plan of a run over the seed file: planning, its figures, or why there is none. */
  plan: EditorPlan;
  /** The fields a template can read at each block, with their origin (completion in prompt fields). */
  fields: EditorFields;
  /** The pipeline's last try, for its nodes: as each block finishes, and when the canvas starts. */
  tryResults: EditorTryResults;
};

/** A try as the canvas nodes show it; texts are made on the host. */
export interface EditorTryResults {
  tryId: string;
  seedLabel: string;
  status: 'running' | 'succeeded' | 'failed' | 'cancelled';
  runningBlock?: string;
  blocks: Record<string, EditorBlockTry>;
}

export interface EditorBlockTry {
  /** `1.2 s · 120 → 40 tokens`. */
  figures: string;
  /** The block's output, short (one line, cut). */
  output?: string;
  error?: string;
}

export interface EditorSeedFile {
  /** Workspace-relative path; absent when the pipeline has no seed file yet. */
  path?: string;
}

/** The header's plan. Texts are made on the host (the webview imports no engine code). */
export type EditorPlan =
  | { state: 'no-seeds' }
  | { state: 'planning'; seedFile: string }
  /** `summary`: `~N calls · ~T tokens · ~$C · ~m:ss`; `details`: per block and the plan's notes, for the tooltip. */
  | { state: 'ready'; seedFile: string; summary: string; details: string[] }
  | { state: 'unavailable'; seedFile?: string; reason: string };

export interface EditorField {
  name: string;
  /** Where it comes from, in a few words: `seed field · seeds.json`, `output of block "gen" (TextGenerator)`. */
  origin: string;
}

export interface EditorFields {
  /** The document version the fields were computed for. */
  version: number;
  /** Per block id, the fields available before it (seed fields first, then outputs in run order). */
  blocks: Record<string, EditorField[]>;
}

/** The webview's view state (setState): never the document. */
export interface EditorViewState {
  viewport?: { x: number; y: number; zoom: number };
  selected?: string[];
  configBlockId?: string;
  paletteFilter?: string;
}

/** Error codes of `edit` replies the webview reacts to. */
export const EDITOR_ERROR = { ConnectionRefused: 'connection-refused', EditFailed: 'edit-failed' } as const;
