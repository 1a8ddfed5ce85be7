// The Review panel's protocol: what the webview may ask the host, and what the host pushes. Records are paged by
// the host (a page, or one record with its trace); the webview never holds a whole job.
import type { ExportDone, ExportFormat, ExportMappingForm, ExportPreviewAnswer, MappedFormat } from './exportProtocol';
import type { RpcMethod } from './rpc';
import type {
  ReviewChart,
  ReviewCounts,
  ReviewDecision,
  ReviewFieldLayout,
  ReviewFilter,
  ReviewJobOption,
  ReviewJobSummary,
  ReviewJobView,
  ReviewPage,
  ReviewPosition,
  ReviewRecord,
  ReviewRecordAt,
} from '../core/review/reviewTypes';

// The jobs, records, pages and charts on the wire are the Review service's answers, declared once in the engine. A
// type-only import: erased from the webview bundle, which gets no engine code.
export type * from '../core/review/reviewTypes';

export type JsonObject = Record<string, unknown>;

/** `true` when `List` names every member of `All` (the value lists below must not miss a status the engine adds). */
type Complete<All, List extends readonly All[]> = [Exclude<All, List[number]>] extends [never] ? true : false;

export const REVIEW_FILTERS = ['pending', 'accepted', 'rejected', 'failed'] as const satisfies readonly ReviewFilter[];
export const REVIEW_DECISIONS = ['pending', 'accepted', 'rejected'] as const satisfies readonly ReviewDecision[];
const _filtersComplete: Complete<ReviewFilter, typeof REVIEW_FILTERS> = true;
const _decisionsComplete: Complete<ReviewDecision, typeof REVIEW_DECISIONS> = true;

export type ReviewKeyCommand = 'accept' | 'reject' | 'setPending' | 'edit' | 'next' | 'previous' | 'undo';
export const REVIEW_KEY_COMMANDS: readonly ReviewKeyCommand[] = ['accept', 'reject', 'setPending', 'edit', 'next', 'previous', 'undo'];

/**
 * What the webview did with a review key command. Only the webview knows, at the moment the command arrives, whether
 * the user is typing, so it decides: `ran` (it acted on its record), `typing` (a text field has focus, or had it so
 * recently that the host has not yet confirmed the keys are back on: the key was typed into it), `form` (the edit
 * form or the layout dialog is open), `busy` (the previous review action is still being stored).
 */
export type ReviewKeyOutcome = 'ran' | 'typing' | 'form' | 'busy';
export const REVIEW_KEY_OUTCOMES: readonly ReviewKeyOutcome[] = ['ran', 'typing', 'form', 'busy'];

export type ReviewMethods = {
  jobs: RpcMethod<Record<string, never>, ReviewJobOption[]>;
  openJob: RpcMethod<{ jobId: number }, ReviewJobView>;
  counts: RpcMethod<{ jobId: number }, ReviewCounts>;
  page: RpcMethod<ReviewPosition & { limit: number }, ReviewPage>;
  record: RpcMethod<ReviewPosition, ReviewRecordAt>;
  /** Sets the status of records of the job; with `then`, answers with the record at that position afterwards. */
  setStatus: RpcMethod<{ jobId: number; ids: number[]; status: ReviewDecision; then?: ReviewPosition }, { changed: number; counts: ReviewCounts; next?: ReviewRecordAt }>;
  /** Replaces block output fields of a record; the original is kept. */
  edit: RpcMethod<{ jobId: number; recordId: number; fields: JsonObject }, { record: ReviewRecord; counts: ReviewCounts }>;
  /** Reverts the job's last review action (status change or edit) not yet undone. */
  undo: RpcMethod<{ jobId: number }, { undone: { kind: 'status' | 'edit'; recordIds: number[] } | null; counts: ReviewCounts }>;
  charts: RpcMethod<{ jobId: number }, ReviewChart[]>;
  setLayout: RpcMethod<{ jobId: number; layout: ReviewFieldLayout }, ReviewFieldLayout>;
  /** Save dialog, then the JSONL file of the job's records in `status`; null when the dialog was cancelled. */
  exportJsonl: RpcMethod<{ jobId: number; status: ReviewFilter }, { count: number; path: string } | null>;
  /** The first output lines of the job's records in `status` with `mapping` (null: the pipeline's) for `format`. */
  exportPreview: RpcMethod<{ jobId: number; format: MappedFormat; status: ReviewFilter | 'all'; mapping: ExportMappingForm | null }, ExportPreviewAnswer>;
  /** Writes the mapping into the job's pipeline file (through its TextDocument); answers with the file's path. */
  saveExportMapping: RpcMethod<{ jobId: number; format: MappedFormat; mapping: ExportMappingForm }, { pipelinePath: string }>;
  /** Save dialog, then the export (DataGenFlow: Export Dataset As…) with `mapping` (null: the pipeline's); null when cancelled. */
  exportDataset: RpcMethod<{ jobId: number; format: ExportFormat; status: ReviewFilter | 'all'; mapping: ExportMappingForm | null }, ExportDone | null>;
  /** Modal confirmation, then the job and its records are deleted; `deleted` false when the user said no. */
  deleteAll: RpcMethod<{ jobId: number }, { deleted: boolean; records: number }>;
  /** Opens VS Code's diff of the record's original and edited outputs. */
  openDiff: RpcMethod<{ recordId: number }, void>;
  /** Opens the job's pipeline on the canvas with the block selected, and its template in the text editor beside. */
  goToSource: RpcMethod<{ jobId: number; blockId: string }, void>;
  /**
   * The review keys must be off (a text field has focus, or the edit form or layout dialog is open) or may act again.
   * The host sets the `datagenflow.reviewInputFocused` context key and answers once it is set: a key pressed after
   * the answer can no longer run a review command against the new state.
   */
  keysOff: RpcMethod<{ off: boolean }, void>;
  /** The webview's answer to a `command` event: what it did with the key. */
  commandOutcome: RpcMethod<{ id: number; outcome: ReviewKeyOutcome }, void>;
};

export type ReviewEvents = {
  /**
   * A keybinding (or the palette) ran one of the review commands while the panel was active. The webview decides
   * whether it acts (never while the user types) and answers with `commandOutcome` for this id.
   */
  command: { id: number; command: ReviewKeyCommand };
  /** Show this job (the panel was opened on it). */
  showJob: { jobId: number };
  /** The job's counts or summary changed (it runs, or something else wrote the database). */
  jobChanged: { jobId: number; job: ReviewJobSummary | null; counts: ReviewCounts };
  /** The list of jobs changed (a job was created or deleted). */
  jobsChanged: { jobs: ReviewJobOption[] };
};

/** What the webview keeps in setState: view state only. */
export interface ReviewViewState {
  jobId?: number;
  status: ReviewFilter;
  offset: number;
  view: 'single' | 'list';
  pageSize: number;
}

/** What the host puts into the page at load. */
export interface ReviewBoot {
  jobId?: number;
}
