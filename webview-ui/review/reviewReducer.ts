// The Review app's transitions: (state, action) → next state and the requests to make. After every action the loads
// are settled against the view: a new job is opened, a moved position or filter is fetched, charts follow the first
// record or page. Replies carry their request's ticket, so one the user has moved past is ignored.
import type { ReviewDecision } from '../../src/shared/reviewProtocol';
import type { Transition } from '../common/reducerStore';
import { formatCount } from './format';
import type { ReviewAction, ReviewEffect, ReviewState } from './reviewState';

type Effects = ReviewEffect[];

export function reduceReview(state: ReviewState, action: ReviewAction): Transition<ReviewState, ReviewEffect> {
  const effects: Effects = [];
  const next = settle(apply(state, action, effects), effects);
  return { state: next, effects };
}

function apply(s: ReviewState, a: ReviewAction, fx: Effects): ReviewState {
  switch (a.type) {
    case 'start':
      fx.push({ kind: 'listJobs' });
      return s;
    case 'setView':
      return { ...s, view: { ...s.view, ...a.patch } };
    case 'showMode':
      if (a.mode === 'list') return { ...s, view: { ...s.view, view: 'list' } };
      // From the list, the single view opens on the cursor's row.
      return { ...s, view: { ...s.view, view: 'single', offset: s.view.view === 'list' && s.page ? s.page.offset + s.cursor : s.view.offset } };
    case 'setCursor':
      return { ...s, cursor: a.cursor };
    case 'setSelected':
      return { ...s, selected: a.ids };
    case 'setEditing':
      return { ...s, editing: a.on };
    case 'setLayoutOpen':
      return { ...s, layoutOpen: a.open };
    case 'say':
      return say(s, a.text, a.error);
    case 'decide':
      return decide(s, a.status, a.ids, fx);
    case 'move':
      return move(s, a.delta);
    case 'undo':
      if (s.view.jobId !== undefined) fx.push({ kind: 'undo', jobId: s.view.jobId });
      return s;
    case 'editKey': {
      const row = s.view.view === 'list' ? s.page?.rows[s.cursor] : undefined;
      if (!row && !s.current?.record) return s;
      fx.push({ kind: 'editFormOpening' });
      const view = row && s.page ? { ...s.view, view: 'single' as const, offset: s.page.offset + s.cursor } : s.view;
      return { ...s, view, editing: true };
    }
    case 'exportJsonl':
      if (s.view.jobId !== undefined) fx.push({ kind: 'exportJsonl', jobId: s.view.jobId, status: s.view.status });
      return s;
    case 'deleteJob':
      if (s.view.jobId !== undefined) fx.push({ kind: 'deleteJob', jobId: s.view.jobId });
      return s;
    case 'openDiff':
      fx.push({ kind: 'openDiff', recordId: a.recordId });
      return s;
    case 'goToSource':
      if (s.view.jobId !== undefined) fx.push({ kind: 'goToSource', jobId: s.view.jobId, blockId: a.blockId });
      return s;
    case 'editSaved': {
      if (a.record.jobId !== s.view.jobId) return s;
      const current = s.current && s.current.record?.id === a.record.id ? { ...s.current, record: a.record } : s.current;
      // Replaces the previous action's message: its undo hint would now undo this edit.
      return { ...s, current, counts: a.counts, editing: false, message: { text: `Saved the edit of #${a.record.id}. Undo: Ctrl+Z` } };
    }
    case 'layoutSaved':
      return loadShown(openJob(s, fx), fx);
    case 'jobsChanged':
      return { ...s, jobs: a.jobs };
    case 'jobsListed':
      return { ...s, jobs: a.jobs, view: s.view.jobId === undefined && a.jobs.length ? { ...s.view, jobId: a.jobs[0].id, offset: 0 } : s.view };
    case 'showJob':
      return s.view.jobId === a.jobId ? s : { ...s, view: { ...s.view, jobId: a.jobId, status: 'pending', offset: 0 } };
    case 'jobChanged':
      return jobChanged(s, a, fx);
    case 'jobOpened':
      if (a.ticket !== s.loads.job.ticket) return s;
      return { ...s, job: a.view, counts: a.view.counts, running: a.view.job.running, loads: { ...s.loads, job: { ...s.loads.job, opened: true } } };
    case 'chartsLoaded':
      return a.ticket === s.loads.job.ticket ? { ...s, charts: a.charts } : s;
    case 'recordLoaded': {
      if (a.ticket !== s.loads.shown.ticket) return s;
      // The host clamps the position into the filter: the view follows without asking again.
      if (a.at.offset === s.view.offset) return { ...s, current: a.at };
      const view = { ...s.view, offset: a.at.offset };
      return { ...s, current: a.at, view, loads: { ...s.loads, shown: { ...s.loads.shown, key: shownKey(view) } } };
    }
    case 'pageLoaded': {
      if (a.ticket !== s.loads.shown.ticket) return s;
      const cursor = Math.min(Math.max(0, s.view.offset - a.page.offset), Math.max(0, a.page.rows.length - 1));
      return { ...s, page: a.page, cursor };
    }
    case 'statusSet':
      return statusSet(s, a);
    case 'undone': {
      if (a.jobId !== s.view.jobId) return s;
      const what = a.undone ? `Undid the ${a.undone.kind === 'edit' ? 'edit' : 'status change'} of ${a.undone.recordIds.map((id) => `#${id}`).join(', ')}.` : 'Nothing to undo in this job.';
      return loadShown({ ...s, counts: a.counts, message: { text: what } }, fx);
    }
    case 'exported':
      return say(s, `Exported ${formatCount(a.count)} ${a.status} record(s) to ${a.path}.`);
    case 'jobDeleted': {
      const rest = s.jobs.filter((j) => j.id !== a.jobId);
      return say({ ...s, view: { ...s.view, jobId: rest[0]?.id, offset: 0, status: 'pending' } }, `Deleted job #${a.jobId} and its ${formatCount(a.records)} record(s).`);
    }
    case 'failed': {
      if (a.ticket !== undefined && a.ticket !== s.loads.job.ticket && a.ticket !== s.loads.shown.ticket) return s;
      const failed = say(s, a.message, true);
      if (a.request === 'openJob') return { ...failed, job: undefined };
      if (a.request === 'setStatus') return { ...failed, busy: false };
      return failed;
    }
  }
}

function say(s: ReviewState, text: string, error = false): ReviewState {
  return { ...s, message: { text, error } };
}

function decide(s: ReviewState, status: ReviewDecision, ids: number[] | undefined, fx: Effects): ReviewState {
  const jobId = s.view.jobId;
  if (jobId === undefined) return s;
  if (s.view.view === 'single' && !ids) {
    const record = s.current?.record;
    if (!record || record.status === 'failed') return s;
    // Leaving the filter brings the next record to this offset; staying in it means step past it.
    const offset = status === s.view.status ? s.view.offset + 1 : s.view.offset;
    fx.push({ kind: 'setStatus', jobId, ids: [record.id], status, then: { jobId, status: s.view.status, offset } });
    return { ...s, busy: true };
  }
  const cursorRow = s.page?.rows[s.cursor];
  const targets = ids ?? (s.selected.size ? [...s.selected] : cursorRow ? [cursorRow.id] : []);
  const reviewable = targets.filter((id) => s.page?.rows.find((r) => r.id === id)?.status !== 'failed');
  if (reviewable.length === 0) return s;
  fx.push({ kind: 'setStatus', jobId, ids: reviewable, status });
  return { ...s, busy: true };
}

function statusSet(s: ReviewState, a: ReviewAction & { type: 'statusSet' }): ReviewState {
  // A reply for a job no longer shown changes nothing on screen (its undo hint would undo in another job).
  if (a.jobId !== s.view.jobId) return { ...s, busy: false };
  const base = { ...s, busy: false, counts: a.counts };
  if (!a.then) return { ...base, selected: new Set<number>(), message: { text: `${a.ids.length} record(s) marked ${a.status}. Undo: Ctrl+Z` }, ...reload(base) };
  const message = { text: `#${a.ids[0]} ${a.status === 'pending' ? 'set back to pending' : a.status}. Undo: Ctrl+Z` };
  if (!a.next || s.view.view !== 'single' || s.view.status !== a.then.status) return { ...base, message, ...reload(base) };
  // The record that now sits at the position: shown at once; a load still in flight for an older position is stale.
  const view = { ...s.view, offset: a.next.offset };
  const ticket = s.loads.seq + 1;
  return { ...base, message, current: a.next, view, loads: { ...s.loads, seq: ticket, shown: { ticket, key: shownKey(view) } } };
}

/** Forces the next settle to fetch what is on screen again. */
function reload(s: ReviewState): Pick<ReviewState, 'loads'> {
  return { loads: { ...s.loads, shown: { ...s.loads.shown, key: undefined } } };
}

function move(s: ReviewState, delta: number): ReviewState {
  if (s.view.view === 'single') {
    const total = s.current?.total ?? 0;
    return { ...s, view: { ...s.view, offset: Math.min(Math.max(0, s.view.offset + delta), Math.max(0, total - 1)) }, editing: false };
  }
  const page = s.page;
  if (!page) return s;
  const next = s.cursor + delta;
  if (next >= 0 && next < page.rows.length) return { ...s, cursor: next };
  const target = page.offset + next;
  return target >= 0 && target < page.total ? { ...s, view: { ...s.view, offset: target } } : s;
}

function jobChanged(s: ReviewState, a: ReviewAction & { type: 'jobChanged' }, fx: Effects): ReviewState {
  if (s.view.jobId !== a.jobId) return s;
  if (!a.job) {
    // Deleted (here or from the Jobs view): a message about its records (an undo hint, "Undid …") is stale. The
    // panel's own Delete says it with the record count, whichever of its reply and this push comes first.
    const message = s.message?.text.startsWith(`Deleted job #${a.jobId} `) ? s.message : { text: `Job #${a.jobId} was deleted.` };
    return { ...s, message, job: undefined, current: undefined, page: undefined, view: { ...s.view, jobId: undefined, offset: 0 } };
  }
  const summary = a.job;
  const job = s.job && s.job.job.id === a.jobId ? { ...s.job, job: summary, counts: a.counts } : s.job;
  let next: ReviewState = { ...s, counts: a.counts, job, running: summary.running };
  if (s.running && !summary.running) next = openJob(next, fx);
  // The record under review stays put while records arrive; the list and an empty filter follow them.
  if (s.view.view === 'list' || !s.current?.record) next = loadShown(next, fx);
  return next;
}

/** Opens the view's job again (or clears it when there is none): a new ticket, the job's charts and selection reset. */
function openJob(s: ReviewState, fx: Effects): ReviewState {
  const jobId = s.view.jobId;
  const ticket = s.loads.seq + 1;
  const loads = { ...s.loads, seq: ticket, job: { ticket, jobId, opened: false, chartsAsked: false } };
  const changed = jobId !== s.loads.job.jobId;
  // A layout dialog left open on another job makes no sense; nor does another job's running flag.
  const reset = { ...s, loads, charts: [], selected: new Set<number>(), layoutOpen: changed ? false : s.layoutOpen, running: changed ? false : s.running };
  if (jobId === undefined) return { ...reset, job: undefined, counts: undefined, current: undefined, page: undefined };
  fx.push({ kind: 'openJob', ticket, jobId });
  return reset;
}

/** What a load of the screen is for: the job, filter, position and mode (and page size in the list). */
export function shownKey(view: ReviewState['view']): string | undefined {
  if (view.jobId === undefined) return undefined;
  return JSON.stringify([view.jobId, view.status, view.offset, view.view, view.view === 'list' ? view.pageSize : 0]);
}

/** Fetches what is on screen again, with a new ticket. */
function loadShown(s: ReviewState, fx: Effects): ReviewState {
  const { view } = s;
  const ticket = s.loads.seq + 1;
  const loads = { ...s.loads, seq: ticket, shown: { ticket, key: shownKey(view) } };
  if (view.jobId !== undefined) {
    const position = { jobId: view.jobId, status: view.status, offset: view.offset };
    fx.push(view.view === 'single' ? { kind: 'loadRecord', ticket, position } : { kind: 'loadPage', ticket, position, limit: view.pageSize });
  }
  return { ...s, loads };
}

/** Brings the loads in line with the view after an action, and keeps the editing flag honest. */
function settle(s: ReviewState, fx: Effects): ReviewState {
  let next = s;
  if (next.view.jobId !== next.loads.job.jobId) next = openJob(next, fx);
  if (shownKey(next.view) !== next.loads.shown.key) next = loadShown(next, fx);
  const job = next.loads.job;
  // Charts scan the whole job: asked for once the job and its first record or page are on screen, never before them.
  if (job.opened && !job.chartsAsked && job.jobId !== undefined && (next.current || next.page)) {
    fx.push({ kind: 'loadCharts', ticket: job.ticket, jobId: job.jobId });
    next = { ...next, loads: { ...next.loads, job: { ...job, chartsAsked: true } } };
  }
  // Editing ends where no record can be edited (the list, an empty filter); while the record loads it is coming.
  if (next.editing && !(next.view.view === 'single' && next.current?.record !== null)) next = { ...next, editing: false };
  return next;
}
