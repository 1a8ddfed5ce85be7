// The Review app's state, the actions that change it (what the user does, what the host pushes, the replies to the
// app's requests) and the effects a change asks for. Pure data: reviewReducer.ts holds the transitions.
import type {
  ReviewBoot,
  ReviewChart,
  ReviewCounts,
  ReviewDecision,
  ReviewFilter,
  ReviewJobOption,
  ReviewJobSummary,
  ReviewJobView,
  ReviewKeyCommand,
  ReviewPage,
  ReviewPosition,
  ReviewRecord,
  ReviewRecordAt,
  ReviewViewState,
} from '../../src/shared/reviewProtocol';

export const DEFAULT_PAGE_SIZE = 25;

/** The last outcome the panel reports (a review action and its undo hint, an export, a failure). */
export interface ReviewMessage {
  text: string;
  error?: boolean;
}

/**
 * Tickets of the loads in flight: every request for the job or for what is on screen gets a new ticket, and a reply
 * carrying an older one is stale (the user moved on meanwhile) and ignored.
 */
export interface ReviewLoads {
  /** The last ticket handed out. */
  seq: number;
  /** The job last opened (or cleared, when undefined): its ticket, whether it arrived, whether its charts were asked for. */
  job: { ticket: number; jobId: number | undefined; opened: boolean; chartsAsked: boolean };
  /** The record or page last asked for: its ticket and what it was asked for (see shownKey). */
  shown: { ticket: number; key: string | undefined };
}

export interface ReviewState {
  /** View state, kept with setState: job, filter, position, mode, page size. */
  view: ReviewViewState;
  jobs: ReviewJobOption[];
  job: ReviewJobView | undefined;
  counts: ReviewCounts | undefined;
  charts: ReviewChart[];
  /** The record on screen (single view). */
  current: ReviewRecordAt | undefined;
  /** The page on screen (list view). */
  page: ReviewPage | undefined;
  /** Row index of the list's keyboard cursor in the page. */
  cursor: number;
  selected: ReadonlySet<number>;
  editing: boolean;
  layoutOpen: boolean;
  message: ReviewMessage | undefined;
  /** A status change is being stored: the review keys other than N/P wait. */
  busy: boolean;
  /** The job was running when last heard of: once it finishes it is opened again (final summary, charts). */
  running: boolean;
  loads: ReviewLoads;
}

export type ReviewAction =
  // What the user does.
  | { type: 'start' }
  | { type: 'setView'; patch: Partial<ReviewViewState> }
  | { type: 'showMode'; mode: ReviewViewState['view'] }
  | { type: 'setCursor'; cursor: number }
  | { type: 'setSelected'; ids: ReadonlySet<number> }
  | { type: 'setEditing'; on: boolean }
  | { type: 'setLayoutOpen'; open: boolean }
  | { type: 'decide'; status: ReviewDecision; ids?: number[] }
  | { type: 'move'; delta: number }
  | { type: 'undo' }
  /** The E key: edit the record on screen, or the list's cursor row in the single view. */
  | { type: 'editKey' }
  | { type: 'exportJsonl' }
  | { type: 'deleteJob' }
  | { type: 'openDiff'; recordId: number }
  /** Trace → source: the block on the canvas and its template in the text editor. */
  | { type: 'goToSource'; blockId: string }
  | { type: 'say'; text: string; error?: boolean }
  | { type: 'editSaved'; record: ReviewRecord; counts: ReviewCounts }
  | { type: 'layoutSaved' }
  // What the host pushes.
  | { type: 'jobsChanged'; jobs: ReviewJobOption[] }
  | { type: 'showJob'; jobId: number }
  | { type: 'jobChanged'; jobId: number; job: ReviewJobSummary | null; counts: ReviewCounts }
  // Replies to the effects.
  | { type: 'jobsListed'; jobs: ReviewJobOption[] }
  | { type: 'jobOpened'; ticket: number; view: ReviewJobView }
  | { type: 'chartsLoaded'; ticket: number; charts: ReviewChart[] }
  | { type: 'recordLoaded'; ticket: number; at: ReviewRecordAt }
  | { type: 'pageLoaded'; ticket: number; page: ReviewPage }
  | { type: 'statusSet'; jobId: number; ids: number[]; status: ReviewDecision; then?: ReviewPosition; counts: ReviewCounts; next?: ReviewRecordAt }
  | { type: 'undone'; jobId: number; undone: { kind: 'status' | 'edit'; recordIds: number[] } | null; counts: ReviewCounts }
  | { type: 'exported'; status: ReviewFilter; count: number; path: string }
  | { type: 'jobDeleted'; jobId: number; records: number }
  /** A request failed; `ticket` when it was a load (a stale load's failure is ignored too). */
  | { type: 'failed'; request: ReviewEffect['kind']; message: string; ticket?: number };

export type ReviewEffect =
  | { kind: 'listJobs' }
  | { kind: 'openJob'; ticket: number; jobId: number }
  | { kind: 'loadCharts'; ticket: number; jobId: number }
  | { kind: 'loadRecord'; ticket: number; position: ReviewPosition }
  | { kind: 'loadPage'; ticket: number; position: ReviewPosition; limit: number }
  | { kind: 'setStatus'; jobId: number; ids: number[]; status: ReviewDecision; then?: ReviewPosition }
  | { kind: 'undo'; jobId: number }
  | { kind: 'exportJsonl'; jobId: number; status: ReviewFilter }
  | { kind: 'deleteJob'; jobId: number }
  | { kind: 'openDiff'; recordId: number }
  | { kind: 'goToSource'; jobId: number; blockId: string }
  /** The edit form is about to open: the review keys go off now, before it renders (a key may come in between). */
  | { kind: 'editFormOpening' };

/**
 * Where a panel starts. The boot job is where a new panel starts. A webview loaded again (shown after being hidden, or
 * restored) has its own view state, which wins: the page's boot still names the job the panel was first opened on. A
 * job asked for meanwhile arrives as a showJob event once the new webview is ready.
 */
export function initialView(boot: ReviewBoot | undefined, saved: Partial<ReviewViewState>): ReviewViewState {
  const jobId = saved.jobId ?? boot?.jobId;
  const sameJob = jobId === saved.jobId;
  return {
    jobId,
    status: (sameJob && saved.status) || 'pending',
    offset: sameJob ? (saved.offset ?? 0) : 0,
    view: saved.view ?? 'single',
    pageSize: saved.pageSize ?? DEFAULT_PAGE_SIZE,
  };
}

export function initialReviewState(view: ReviewViewState): ReviewState {
  return {
    view,
    jobs: [],
    job: undefined,
    counts: undefined,
    charts: [],
    current: undefined,
    page: undefined,
    cursor: 0,
    selected: new Set(),
    editing: false,
    layoutOpen: false,
    message: undefined,
    busy: false,
    running: false,
    loads: { seq: 0, job: { ticket: 0, jobId: undefined, opened: false, chartsAsked: false }, shown: { ticket: 0, key: undefined } },
  };
}

/** The action a review key command stands for. */
export function keyAction(command: ReviewKeyCommand): ReviewAction {
  switch (command) {
    case 'accept':
      return { type: 'decide', status: 'accepted' };
    case 'reject':
      return { type: 'decide', status: 'rejected' };
    case 'setPending':
      return { type: 'decide', status: 'pending' };
    case 'next':
      return { type: 'move', delta: 1 };
    case 'previous':
      return { type: 'move', delta: -1 };
    case 'undo':
      return { type: 'undo' };
    case 'edit':
      return { type: 'editKey' };
  }
}

/** Whether a review key command must wait while a status change is stored (moving never waits). */
export function waitsWhileBusy(command: ReviewKeyCommand): boolean {
  return command !== 'next' && command !== 'previous';
}
