// The Review app's state and actions: view state (job, filter, position, view mode) persisted with setState, the
// job and the record or page on screen fetched from the host, and what the review keys do.
import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  ReviewBoot,
  ReviewChart,
  ReviewCounts,
  ReviewDecision,
  ReviewFilter,
  ReviewJobOption,
  ReviewJobView,
  ReviewKeyCommand,
  ReviewKeyOutcome,
  ReviewPage,
  ReviewRecordAt,
  ReviewViewState,
} from '../../src/shared/reviewProtocol';
import { readBoot, readViewState, writeViewState } from '../common/vscodeApi';
import { reviewClient as client } from './reviewClient';
import type { ReviewKeyBlock } from './reviewKeyGuard';
import { reviewKeyGuard as keyGuard } from './useReviewKeyGuard';

const DEFAULT_PAGE_SIZE = 25;

function initialViewState(): ReviewViewState {
  const boot = readBoot<ReviewBoot>() ?? {};
  const saved = readViewState<ReviewViewState>();
  // The boot job is where a new panel starts. A webview loaded again (shown after being hidden, or restored) has
  // its own view state, which wins: the page's boot still names the job the panel was first opened on. A job asked
  // for meanwhile arrives as a showJob event once the new webview is ready.
  const jobId = saved.jobId ?? boot.jobId;
  const sameJob = jobId === saved.jobId;
  return {
    jobId,
    status: (sameJob && saved.status) || 'pending',
    offset: sameJob ? (saved.offset ?? 0) : 0,
    view: saved.view ?? 'single',
    pageSize: saved.pageSize ?? DEFAULT_PAGE_SIZE,
  };
}

export interface ReviewModel {
  view: ReviewViewState;
  jobs: ReviewJobOption[];
  job: ReviewJobView | undefined;
  counts: ReviewCounts | undefined;
  charts: ReviewChart[];
  current: ReviewRecordAt | undefined;
  page: ReviewPage | undefined;
  /** Row index of the list's keyboard cursor in the page. */
  cursor: number;
  selected: Set<number>;
  editing: boolean;
  message: { text: string; error?: boolean } | undefined;
  busy: boolean;
  setView(patch: Partial<ReviewViewState>): void;
  setCursor(i: number): void;
  setSelected(s: Set<number>): void;
  setEditing(on: boolean): void;
  decide(status: ReviewDecision, ids?: number[]): Promise<void>;
  move(delta: number): void;
  undo(): Promise<void>;
  /** Runs a review key command unless the user is typing or a form is open; resolves with what it did. */
  runCommand(command: ReviewKeyCommand): Promise<ReviewKeyOutcome>;
  afterEdit(record: NonNullable<ReviewRecordAt['record']>, counts: ReviewCounts): void;
  reloadJob(): void;
  say(text: string, error?: boolean): void;
}

export function useReview(): ReviewModel {
  const [view, setViewState] = useState<ReviewViewState>(initialViewState);
  const [jobs, setJobs] = useState<ReviewJobOption[]>([]);
  const [job, setJob] = useState<ReviewJobView>();
  const [counts, setCounts] = useState<ReviewCounts>();
  const [charts, setCharts] = useState<ReviewChart[]>([]);
  const [current, setCurrent] = useState<ReviewRecordAt>();
  const [page, setPage] = useState<ReviewPage>();
  const [cursor, setCursor] = useState(0);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<{ text: string; error?: boolean }>();
  const [busy, setBusyState] = useState(false);
  const [reload, setReload] = useState(0);
  const [jobReload, setJobReload] = useState(0);
  const running = useRef(false);
  // Read by key commands that can arrive before React renders again (two keys in quick succession).
  const busyRef = useRef(false);
  const viewRef = useRef(view);
  viewRef.current = view;
  const currentRef = useRef(current);
  currentRef.current = current;

  const setBusy = useCallback((on: boolean) => {
    busyRef.current = on;
    setBusyState(on);
  }, []);
  const say = useCallback((text: string, error = false) => setMessage({ text, error }), []);
  const fail = useCallback((e: unknown) => say(e instanceof Error ? e.message : String(e), true), [say]);
  const setView = useCallback((patch: Partial<ReviewViewState>) => setViewState((v) => ({ ...v, ...patch })), []);

  useEffect(() => writeViewState(view), [view]);

  // Jobs list, and events from the host.
  useEffect(() => {
    const offs = [
      client.on('jobsChanged', ({ jobs: list }) => setJobs(list)),
      client.on('showJob', ({ jobId }) => setViewState((v) => (v.jobId === jobId ? v : { ...v, jobId, status: 'pending', offset: 0 }))),
      client.on('jobChanged', (e) => {
        if (viewRef.current.jobId !== e.jobId) return;
        if (!e.job) {
          // Deleted (here or from the Jobs view): a message about its records (an undo hint, "Undid …") is stale.
          // The panel's own Delete says it with the record count, whichever of its reply and this push comes first.
          setMessage((m) => (m?.text.startsWith(`Deleted job #${e.jobId} `) ? m : { text: `Job #${e.jobId} was deleted.` }));
          setJob(undefined);
          setCurrent(undefined);
          setPage(undefined);
          setViewState((v) => ({ ...v, jobId: undefined, offset: 0 }));
          return;
        }
        const summary = e.job;
        setCounts(e.counts);
        setJob((j) => (j ? { ...j, job: summary, counts: e.counts } : j));
        if (running.current && !summary.running) setJobReload((n) => n + 1);
        running.current = summary.running;
        // The record under review stays put while records arrive; the list and an empty filter follow them.
        if (viewRef.current.view === 'list' || !currentRef.current?.record) setReload((n) => n + 1);
      }),
    ];
    client.ready();
    client.request('jobs', {}).then((list) => {
      setJobs(list);
      setViewState((v) => (v.jobId === undefined && list.length ? { ...v, jobId: list[0].id, offset: 0 } : v));
    }, fail);
    return () => offs.forEach((off) => off());
  }, [fail]);

  // The job: summary, counts, layout; charts after it (they scan the job).
  useEffect(() => {
    setCharts([]);
    if (view.jobId === undefined) {
      setJob(undefined);
      setCounts(undefined);
      setCurrent(undefined);
      setPage(undefined);
      return;
    }
    let live = true;
    client.request('openJob', { jobId: view.jobId }).then(
      (v) => {
        if (!live) return;
        setJob(v);
        setCounts(v.counts);
        running.current = v.job.running;
      },
      (e) => {
        if (!live) return;
        setJob(undefined);
        fail(e);
      },
    );
    setSelected(new Set());
    return () => {
      live = false;
    };
  }, [view.jobId, jobReload, fail]);

  // Charts scan the whole job: asked for once the first record or page is on screen, so they never delay it.
  const shown = current !== undefined || page !== undefined;
  const loadedJob = job?.job.id;
  useEffect(() => {
    if (!shown || loadedJob === undefined) return;
    let live = true;
    client.request('charts', { jobId: loadedJob }).then((c) => live && setCharts(c), fail);
    return () => {
      live = false;
    };
  }, [shown, loadedJob, jobReload, fail]);

  // What is on screen: one record, or a page.
  useEffect(() => {
    if (view.jobId === undefined) return;
    let live = true;
    const position = { jobId: view.jobId, status: view.status, offset: view.offset };
    if (view.view === 'single') {
      client.request('record', position).then((r) => {
        if (!live) return;
        setCurrent(r);
        if (r.offset !== view.offset) setView({ offset: r.offset });
      }, fail);
    } else {
      client.request('page', { ...position, limit: view.pageSize }).then((p) => {
        if (!live) return;
        setPage(p);
        setCursor(Math.min(Math.max(0, view.offset - p.offset), Math.max(0, p.rows.length - 1)));
      }, fail);
    }
    return () => {
      live = false;
    };
  }, [view.jobId, view.status, view.offset, view.view, view.pageSize, reload, fail, setView]);

  const refresh = useCallback(() => setReload((n) => n + 1), []);

  const decide = useCallback(
    async (status: ReviewDecision, ids?: number[]) => {
      if (view.jobId === undefined) return;
      const jobId = view.jobId;
      try {
        if (view.view === 'single' && !ids) {
          const record = current?.record;
          if (!record || record.status === 'failed') return;
          // Leaving the filter brings the next record to this offset; staying in it means step past it.
          const offset = status === view.status ? view.offset + 1 : view.offset;
          setBusy(true);
          const r = await client.request('setStatus', { jobId, ids: [record.id], status, then: { jobId, status: view.status, offset } });
          setCounts(r.counts);
          if (r.next) {
            setCurrent(r.next);
            setViewState((v) => ({ ...v, offset: r.next?.offset ?? v.offset }));
          }
          say(`#${record.id} ${status === 'pending' ? 'set back to pending' : status}. Undo: Ctrl+Z`);
        } else {
          const targets = ids ?? (selected.size ? [...selected] : page?.rows[cursor] ? [page.rows[cursor].id] : []);
          const reviewable = targets.filter((id) => page?.rows.find((r) => r.id === id)?.status !== 'failed');
          if (reviewable.length === 0) return;
          setBusy(true);
          const r = await client.request('setStatus', { jobId, ids: reviewable, status });
          setCounts(r.counts);
          setSelected(new Set());
          say(`${reviewable.length} record(s) marked ${status}. Undo: Ctrl+Z`);
          refresh();
        }
      } catch (e) {
        fail(e);
      } finally {
        setBusy(false);
      }
    },
    [view, current, selected, page, cursor, say, fail, refresh, setBusy],
  );

  const move = useCallback(
    (delta: number) => {
      if (view.view === 'single') {
        const total = current?.total ?? 0;
        setView({ offset: Math.min(Math.max(0, view.offset + delta), Math.max(0, total - 1)) });
        setEditing(false);
        return;
      }
      if (!page) return;
      const next = cursor + delta;
      if (next >= 0 && next < page.rows.length) setCursor(next);
      else {
        const target = page.offset + next;
        if (target >= 0 && target < page.total) setView({ offset: target });
      }
    },
    [view, current, page, cursor, setView],
  );

  const undo = useCallback(async () => {
    if (view.jobId === undefined) return;
    try {
      const r = await client.request('undo', { jobId: view.jobId });
      setCounts(r.counts);
      say(r.undone ? `Undid the ${r.undone.kind === 'edit' ? 'edit' : 'status change'} of ${r.undone.recordIds.map((id) => `#${id}`).join(', ')}.` : 'Nothing to undo in this job.');
      refresh();
    } catch (e) {
      fail(e);
    }
  }, [view.jobId, say, fail, refresh]);

  const runCommand = useCallback(
    async (command: ReviewKeyCommand): Promise<ReviewKeyOutcome> => {
      const block = keyGuard.blockReason();
      if (block) {
        blocked(command, block, say);
        return block;
      }
      if (busyRef.current && command !== 'next' && command !== 'previous') return 'busy';
      switch (command) {
        case 'accept':
          await decide('accepted');
          break;
        case 'reject':
          await decide('rejected');
          break;
        case 'setPending':
          await decide('pending');
          break;
        case 'next':
          move(1);
          break;
        case 'previous':
          move(-1);
          break;
        case 'undo':
          await undo();
          break;
        case 'edit': {
          const row = view.view === 'list' ? page?.rows[cursor] : undefined;
          if (!row && !current?.record) break;
          if (row) setView({ view: 'single', offset: page!.offset + cursor });
          // Off before the form renders: a key command arriving in between must already find the keys off.
          keyGuard.setForm('edit', true);
          setEditing(true);
          break;
        }
      }
      return 'ran';
    },
    [decide, move, undo, view.view, page, cursor, current, setView, say],
  );

  const latestCommand = useRef(runCommand);
  latestCommand.current = runCommand;
  useEffect(
    () =>
      client.on('command', ({ id, command }) => {
        void latestCommand.current(command).then(
          (outcome) => client.request('commandOutcome', { id, outcome }),
          () => undefined,
        );
      }),
    [],
  );

  const afterEdit = useCallback((record: NonNullable<ReviewRecordAt['record']>, c: ReviewCounts) => {
    setCurrent((cur) => (cur ? { ...cur, record } : cur));
    setCounts(c);
    setEditing(false);
    // Replaces the previous action's message (its undo hint would now undo this edit).
    setMessage({ text: `Saved the edit of #${record.id}. Undo: Ctrl+Z` });
  }, []);

  const reloadJob = useCallback(() => {
    setJobReload((n) => n + 1);
    refresh();
  }, [refresh]);

  return { view, jobs, job, counts, charts, current, page, cursor, selected, editing, message, busy, setView, setCursor, setSelected, setEditing, decide, move, undo, runCommand, afterEdit, reloadJob, say };
}

export type { ReviewFilter };

/**
 * A review key that must not act. Typed into a field, it stays silent (the letter is in the field); Ctrl+Z there is
 * the field's own undo, which VS Code took from the webview (its webviews block the browser's undo and send it back
 * only when no keybinding claims the key). Otherwise the panel says why nothing happened.
 */
function blocked(command: ReviewKeyCommand, block: ReviewKeyBlock, say: (text: string, error?: boolean) => void): void {
  const typing = keyGuard.typing();
  // execCommand is deprecated but it is what VS Code itself sends its webviews for Edit > Undo.
  if (command === 'undo' && typing) document.execCommand('undo');
  if (typing && document.hasFocus()) return;
  if (block === 'form') {
    say(keyGuard.openForm() === 'layout' ? 'The review keys are off while the field layout dialog is open: save or cancel it first.' : 'The review keys are off while the edit form is open: Ctrl+Enter saves, Escape cancels.');
  } else if (typing) {
    say('The review keys are off while a text field of the panel has focus: click outside it first.');
  }
}
