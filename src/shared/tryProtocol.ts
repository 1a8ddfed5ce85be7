// The Try panel's protocol (webview-ui/try ↔ src/try). The host runs tries (one seed through the pipeline, no job)
// and pushes each step as it happens; the panel shows the running try and the last few of its pipeline.
import type { RpcMethod } from './rpc';

// What a try is on the wire is what the engine produces (src/core/try/tryTypes), declared once there. A type-only
// import: erased from the webview bundle, which gets no engine code.
import type { TokenUsage } from '../core/llm/llmTypes';
import type { TryBlockResult, TryError, TryRecord, TryStatus } from '../core/try/tryTypes';

export type TryUsageView = TokenUsage;
/** Where a block went wrong: the block, and for a template the config field and line (1-based) in it. */
export type TryErrorView = TryError;
export type TryBlockView = TryBlockResult;
export type TryStatusView = TryStatus;
export type TryView = TryRecord;

/** The pipeline a panel shows: its workspace-relative path, and its tries newest first (the running one included). */
export interface TryPipelineView {
  pipeline: string;
  tries: TryView[];
  /** The block currently running in the running try, if any. */
  runningBlock?: string;
}

/** What the Try webview keeps with setState (view state only): the serializer restores the panel from it after a reload. */
export interface TryViewState {
  /** The shown pipeline, workspace-relative. */
  pipeline?: string;
  selectedId?: string;
  compareId?: string;
}

export type TryMethods = {
  /** The shown pipeline and its tries (after ready, and after a reload). */
  state: RpcMethod<Record<string, never>, TryPipelineView>;
  /** Runs the same seed (and chunk) of the shown pipeline again. */
  tryAgain: RpcMethod<{ seedIndex: number; chunkIndex?: number }, null>;
  cancel: RpcMethod<Record<string, never>, null>;
  /** Trace → source: the block on the canvas and its template line in the text editor. */
  goToSource: RpcMethod<{ blockId: string }, null>;
};

export type TryEvents = {
  /** Another pipeline is shown, or its tries changed as a whole. */
  pipeline: TryPipelineView;
  tryStarted: { pipeline: string; record: TryView };
  blockStarted: { pipeline: string; tryId: string; blockId: string };
  blockDone: { pipeline: string; tryId: string; block: TryBlockView };
  tryFinished: { pipeline: string; record: TryView };
};
