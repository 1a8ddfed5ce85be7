import assert from 'node:assert/strict';
import { initialView, keyAction } from '../../../webview-ui/review/reviewState';
import { at, counts, jobView, page, record, ReviewDriver, statusSet, summary } from './reviewStateKit';

describe('Review state (reducer, no browser)', () => {
  it('starts on the boot job: asks for the jobs, the job and its first record, then its charts once both are on screen', () => {
    const d = new ReviewDriver({ jobId: 1 }).do({ type: 'start' });
    assert.deepEqual(d.kinds(), ['listJobs', 'openJob', 'loadRecord']);
    assert.deepEqual(d.effect('loadRecord').position, { jobId: 1, status: 'pending', offset: 0 });
    const job = d.ticket('openJob');
    const shown = d.ticket('loadRecord');
    // The record first: charts wait for the job too.
    d.do({ type: 'recordLoaded', ticket: shown, at: at(record(1), 0, 11) });
    assert.deepEqual(d.kinds(), []);
    d.do({ type: 'jobOpened', ticket: job, view: jobView(1) });
    assert.deepEqual(d.effect('loadCharts'), { kind: 'loadCharts', ticket: job, jobId: 1 });
    assert.deepEqual(d.state.counts, counts(11, 0, 0, 1));
    d.do({ type: 'chartsLoaded', ticket: job, charts: [{ field: 'score', count: 11, min: 1, max: 5, mean: 3, bins: [] }] });
    assert.equal(d.state.charts.length, 1);
  });

  it('without a boot job, opens the newest job the list names; with no jobs, stays empty', () => {
    const d = new ReviewDriver().do({ type: 'start' });
    assert.deepEqual(d.kinds(), ['listJobs']);
    d.do({ type: 'jobsListed', jobs: [{ id: 7, pipelineName: 'p', status: 'completed', records: 3, createdAt: '' }] });
    assert.deepEqual(d.kinds(), ['openJob', 'loadRecord']);
    assert.equal(d.state.view.jobId, 7);
    const empty = new ReviewDriver().do({ type: 'start' }, { type: 'jobsListed', jobs: [] });
    assert.deepEqual(empty.kinds(), ['listJobs']);
    assert.equal(empty.state.view.jobId, undefined);
  });

  it('a reloaded webview keeps its own view state; a new boot job starts at its first pending record', () => {
    const saved = { jobId: 3, status: 'accepted' as const, offset: 4, view: 'list' as const, pageSize: 50 };
    assert.deepEqual(initialView({ jobId: 1 }, saved), saved);
    assert.deepEqual(initialView({ jobId: 5 }, { view: 'list', pageSize: 10 }), { jobId: 5, status: 'pending', offset: 0, view: 'list', pageSize: 10 });
    assert.deepEqual(initialView(undefined, {}), { jobId: undefined, status: 'pending', offset: 0, view: 'single', pageSize: 25 });
  });

  it('moves and pages: N/P within the filter, the host clamps the offset without a second request, the list cursor and its pages', () => {
    const d = new ReviewDriver({ jobId: 1 }).opened(1, at(record(1), 0, 3));
    d.do({ type: 'move', delta: -1 });
    assert.deepEqual(d.kinds(), [], 'already at the first record');
    d.do({ type: 'move', delta: 1 });
    assert.deepEqual(d.effect('loadRecord').position, { jobId: 1, status: 'pending', offset: 1 });
    d.do({ type: 'move', delta: 5 });
    assert.equal(d.state.view.offset, 2, 'clamped to the last record');
    // The host clamps too (records left the filter meanwhile): the view follows its answer and asks nothing more.
    d.do({ type: 'recordLoaded', ticket: d.ticket('loadRecord'), at: at(record(2), 1, 2) });
    assert.equal(d.state.view.offset, 1);
    assert.deepEqual(d.kinds(), []);

    d.do({ type: 'showMode', mode: 'list' });
    assert.deepEqual(d.effect('loadPage'), { kind: 'loadPage', ticket: d.ticket('loadPage'), position: { jobId: 1, status: 'pending', offset: 1 }, limit: 25 });
    d.do({ type: 'setView', patch: { pageSize: 2, offset: 0 } });
    d.do({ type: 'pageLoaded', ticket: d.ticket('loadPage'), page: page([1, 2], 0, 5) });
    assert.equal(d.state.cursor, 0);
    d.do({ type: 'move', delta: 1 });
    assert.equal(d.state.cursor, 1);
    assert.deepEqual(d.kinds(), []);
    d.do({ type: 'move', delta: 1 });
    assert.deepEqual(d.effect('loadPage').position.offset, 2, 'past the last row: the next page');
    d.do({ type: 'pageLoaded', ticket: d.ticket('loadPage'), page: page([3, 4], 2, 5) });
    assert.equal(d.state.cursor, 0);
    d.do({ type: 'move', delta: 1 }, { type: 'showMode', mode: 'single' });
    assert.deepEqual(d.effect('loadRecord').position, { jobId: 1, status: 'pending', offset: 3 }, 'single view on the cursor row');
  });

  it('accept, reject, set back to pending, undo: the next record at once, an undo hint, a reload after undo', () => {
    const d = new ReviewDriver({ jobId: 1 }).opened();
    d.do({ type: 'decide', status: 'accepted' });
    const accept = d.effect('setStatus');
    // Leaving the pending filter: the next record comes to this offset.
    assert.deepEqual(accept, { kind: 'setStatus', jobId: 1, ids: [1], status: 'accepted', then: { jobId: 1, status: 'pending', offset: 0 } });
    assert.equal(d.state.busy, true);
    d.do(statusSet(accept, counts(10, 1, 0, 1), at(record(2), 0, 10)));
    assert.equal(d.state.busy, false);
    assert.equal(d.state.current?.record?.id, 2);
    assert.deepEqual(d.state.counts, counts(10, 1, 0, 1));
    assert.equal(d.state.message?.text, '#1 accepted. Undo: Ctrl+Z');
    assert.deepEqual(d.kinds(), [], 'the reply brought the next record');

    d.do({ type: 'decide', status: 'rejected' });
    const reject = d.effect('setStatus');
    d.do(statusSet(reject, counts(9, 1, 1, 1), at(record(3), 0, 9)));
    assert.equal(d.state.message?.text, '#2 rejected. Undo: Ctrl+Z');

    // In the Accepted filter, U sets the record back to pending (it leaves the filter).
    d.do({ type: 'setView', patch: { status: 'accepted', offset: 0 } });
    d.do({ type: 'recordLoaded', ticket: d.ticket('loadRecord'), at: at(record(1, 1, 'accepted'), 0, 1) });
    d.do({ type: 'decide', status: 'pending' });
    const unset = d.effect('setStatus');
    assert.deepEqual(unset.then, { jobId: 1, status: 'accepted', offset: 0 });
    d.do(statusSet(unset, counts(10, 0, 1, 1), at(null, 0, 0)));
    assert.equal(d.state.message?.text, '#1 set back to pending. Undo: Ctrl+Z');
    assert.equal(d.state.current?.record, null);

    d.do({ type: 'undo' });
    assert.deepEqual(d.effect('undo'), { kind: 'undo', jobId: 1 });
    d.do({ type: 'undone', jobId: 1, undone: { kind: 'status', recordIds: [1] }, counts: counts(9, 1, 1, 1) });
    assert.equal(d.state.message?.text, 'Undid the status change of #1.');
    assert.deepEqual(d.effect('loadRecord').position, { jobId: 1, status: 'accepted', offset: 0 });
    d.do({ type: 'undo' }, { type: 'undone', jobId: 1, undone: null, counts: counts(9, 1, 1, 1) });
    assert.equal(d.state.message?.text, 'Nothing to undo in this job.');
  });

  it('in the filter it sets, a decision steps past the record; a failed execution is not reviewed', () => {
    const d = new ReviewDriver({ jobId: 1, status: 'accepted' }).opened(1, at(record(4, 1, 'accepted'), 0, 2));
    d.do({ type: 'decide', status: 'accepted' });
    assert.deepEqual(d.effect('setStatus').then, { jobId: 1, status: 'accepted', offset: 1 });
    const failed = new ReviewDriver({ jobId: 1, status: 'failed' }).opened(1, at(record(4, 1, 'failed'), 0, 1));
    failed.do({ type: 'decide', status: 'accepted' });
    assert.deepEqual(failed.kinds(), []);
    assert.equal(failed.state.busy, false);
  });

  it('bulk review in the list: the selection (or the cursor row) without failed rows, then the page again', () => {
    const d = new ReviewDriver({ jobId: 1, view: 'list' }).do({ type: 'start' });
    d.do({ type: 'jobOpened', ticket: d.ticket('openJob'), view: jobView(1) }, { type: 'pageLoaded', ticket: d.ticket('loadPage'), page: page([1, 2, 3], 0, 3) });
    d.do({ type: 'decide', status: 'rejected' });
    assert.deepEqual(d.effect('setStatus'), { kind: 'setStatus', jobId: 1, ids: [1], status: 'rejected' }, 'the cursor row');
    d.do(statusSet(d.effect('setStatus'), counts(10, 0, 1, 1)));
    d.do({ type: 'setSelected', ids: new Set([2, 3]) }, { type: 'decide', status: 'accepted', ids: [2, 3] });
    const bulk = d.effect('setStatus');
    d.do(statusSet(bulk, counts(8, 2, 1, 1)));
    assert.equal(d.state.message?.text, '2 record(s) marked accepted. Undo: Ctrl+Z');
    assert.equal(d.state.selected.size, 0);
    assert.deepEqual(d.effect('loadPage').position, { jobId: 1, status: 'pending', offset: 0 });
  });

  it('edit and save: E turns the keys off before the form renders; the saved message replaces the undo hint', () => {
    const d = new ReviewDriver({ jobId: 1 }).opened();
    d.do({ type: 'decide', status: 'accepted' });
    d.do(statusSet(d.effect('setStatus'), counts(10, 1, 0, 1), at(record(2), 0, 10)));
    assert.equal(d.state.message?.text, '#1 accepted. Undo: Ctrl+Z');
    d.do(keyAction('edit'));
    assert.deepEqual(d.kinds(), ['editFormOpening']);
    assert.equal(d.state.editing, true);
    const edited = { ...record(2, 1, 'pending', { question: 'Q2', answer: 'better' }), edited: true, originalFields: { question: 'Q2', answer: 'A2' } };
    d.do({ type: 'editSaved', record: edited, counts: counts(10, 1, 0, 1) });
    assert.equal(d.state.editing, false);
    assert.equal(d.state.current?.record?.fields.answer, 'better');
    assert.deepEqual(d.state.message, { text: 'Saved the edit of #2. Undo: Ctrl+Z' });
    d.do({ type: 'undo' }, { type: 'undone', jobId: 1, undone: { kind: 'edit', recordIds: [2] }, counts: counts(10, 1, 0, 1) });
    assert.equal(d.state.message?.text, 'Undid the edit of #2.');
  });

  it('editing ends where no record can be edited; a save answered after the user moved on leaves the record on screen', () => {
    const d = new ReviewDriver({ jobId: 1 }).opened();
    d.do({ type: 'setEditing', on: true }, { type: 'move', delta: 1 });
    assert.equal(d.state.editing, false, 'N leaves the form');
    d.do({ type: 'recordLoaded', ticket: d.ticket('loadRecord'), at: at(record(2), 1, 11) });
    d.do({ type: 'editSaved', record: { ...record(1), edited: true }, counts: counts(11, 0, 0, 1) });
    assert.equal(d.state.current?.record?.id, 2);
    d.do({ type: 'setEditing', on: true }, { type: 'showMode', mode: 'list' });
    assert.equal(d.state.editing, false, 'the list has no edit form');
    // E on the list's cursor row opens that record, form first.
    d.do({ type: 'pageLoaded', ticket: d.ticket('loadPage'), page: page([1, 2, 3], 0, 11) }, { type: 'setCursor', cursor: 2 }, { type: 'editKey' });
    assert.deepEqual(d.kinds(), ['editFormOpening', 'loadRecord']);
    assert.deepEqual(d.state.view, { jobId: 1, status: 'pending', offset: 2, view: 'single', pageSize: 25 });
    assert.equal(d.state.editing, true);
    // An empty filter has nothing to edit.
    d.do({ type: 'recordLoaded', ticket: d.ticket('loadRecord'), at: at(null, 0, 0) });
    assert.equal(d.state.editing, false);
  });

  it('a deleted job: the push clears the old messages and the job; the panel’s own Delete says it with the count, in either order', () => {
    const pushFirst = new ReviewDriver({ jobId: 1 }).opened();
    pushFirst.do({ type: 'undo' }, { type: 'undone', jobId: 1, undone: { kind: 'edit', recordIds: [2] }, counts: counts(11, 0, 0, 1) });
    pushFirst.do({ type: 'jobChanged', jobId: 1, job: null, counts: counts(0) });
    assert.deepEqual(pushFirst.state.message, { text: 'Job #1 was deleted.' });
    assert.equal(pushFirst.state.view.jobId, undefined);
    assert.equal(pushFirst.state.job, undefined);
    assert.equal(pushFirst.state.current, undefined);
    assert.deepEqual(pushFirst.kinds(), [], 'nothing left to load');
    pushFirst.do({ type: 'jobDeleted', jobId: 1, records: 12 });
    assert.equal(pushFirst.state.message?.text, 'Deleted job #1 and its 12 record(s).');

    const replyFirst = new ReviewDriver({ jobId: 1 }).opened();
    replyFirst.do({ type: 'jobsChanged', jobs: [1, 2].map((id) => ({ id, pipelineName: 'p', status: 'completed', records: 12, createdAt: '' })) });
    replyFirst.do({ type: 'deleteJob' });
    assert.deepEqual(replyFirst.effect('deleteJob'), { kind: 'deleteJob', jobId: 1 });
    replyFirst.do({ type: 'jobDeleted', jobId: 1, records: 1234 });
    assert.equal(replyFirst.state.message?.text, 'Deleted job #1 and its 1,234 record(s).');
    // The next job is opened, from its first pending record.
    assert.deepEqual(replyFirst.effect('openJob').jobId, 2);
    assert.deepEqual(replyFirst.effect('loadRecord').position, { jobId: 2, status: 'pending', offset: 0 });
    replyFirst.do({ type: 'jobChanged', jobId: 1, job: null, counts: counts(0) });
    assert.equal(replyFirst.state.message?.text, 'Deleted job #1 and its 1,234 record(s).');
  });

  it('a running job: counts follow live, the record under review stays, the list and an empty filter reload, the finished job is opened again', () => {
    const d = new ReviewDriver({ jobId: 1 }).opened(1, at(record(1), 0, 3), true);
    d.do({ type: 'jobChanged', jobId: 1, job: { ...summary(1, true), generated: 5 }, counts: counts(5) });
    assert.deepEqual(d.kinds(), [], 'the record under review stays put');
    assert.deepEqual(d.state.counts, counts(5));
    assert.equal(d.state.job?.job.generated, 5);
    assert.equal(d.state.current?.record?.id, 1);
    d.do({ type: 'jobChanged', jobId: 2, job: summary(2, true), counts: counts(99) });
    assert.deepEqual(d.state.counts, counts(5), 'another job changes nothing here');

    d.do({ type: 'setView', patch: { status: 'accepted', offset: 0 } });
    d.do({ type: 'recordLoaded', ticket: d.ticket('loadRecord'), at: at(null, 0, 0) });
    d.do({ type: 'jobChanged', jobId: 1, job: summary(1, true), counts: counts(6) });
    assert.deepEqual(d.kinds(), ['loadRecord'], 'an empty filter follows the records');
    d.do({ type: 'showMode', mode: 'list' }, { type: 'jobChanged', jobId: 1, job: summary(1, true), counts: counts(7) });
    assert.deepEqual(d.kinds(), ['loadPage', 'loadPage'], 'the list follows the records');

    d.do({ type: 'jobChanged', jobId: 1, job: summary(1, false), counts: counts(11, 0, 0, 1) });
    assert.deepEqual(d.kinds(), ['openJob', 'loadPage'], 'finished: the job is opened again for its final summary');
    assert.deepEqual(d.state.charts, []);
    d.do({ type: 'jobOpened', ticket: d.ticket('openJob'), view: jobView(1) });
    assert.deepEqual(d.kinds(), ['loadCharts'], 'charts of the finished job');
  });

  it('stale replies are ignored: an older position, a job switched away from, a status change or undo of another job', () => {
    const d = new ReviewDriver({ jobId: 1 }).opened();
    d.do({ type: 'move', delta: 1 });
    const older = d.ticket('loadRecord');
    d.do({ type: 'move', delta: 1 });
    const newer = d.ticket('loadRecord');
    d.do({ type: 'recordLoaded', ticket: older, at: at(record(2), 1, 11) });
    assert.equal(d.state.current?.record?.id, 1, 'the answer for the position the user left');
    d.do({ type: 'failed', request: 'loadRecord', message: 'late failure', ticket: older });
    assert.equal(d.state.message, undefined);
    d.do({ type: 'recordLoaded', ticket: newer, at: at(record(3), 2, 11) });
    assert.equal(d.state.current?.record?.id, 3);

    // A status change of job 1 answered after the user switched to job 2.
    d.do({ type: 'decide', status: 'accepted' });
    const decision = d.effect('setStatus');
    const job1 = d.state.loads.job.ticket;
    d.do({ type: 'setView', patch: { jobId: 2, offset: 0, status: 'pending' } });
    const job2 = d.ticket('openJob');
    d.do(statusSet(decision, counts(10, 1, 0, 1), at(record(4), 2, 10)));
    assert.equal(d.state.busy, false);
    assert.equal(d.state.current?.record?.id, 3, 'job 1’s next record is not shown in job 2');
    assert.equal(d.state.message, undefined, 'no undo hint that would undo in job 2');
    assert.deepEqual(d.state.counts, counts(11, 0, 0, 1));
    d.do({ type: 'undone', jobId: 1, undone: { kind: 'status', recordIds: [3] }, counts: counts(11) });
    assert.equal(d.state.message, undefined);
    d.do({ type: 'chartsLoaded', ticket: job1, charts: [{ field: 'x', count: 1, min: 0, max: 0, mean: 0, bins: [] }] });
    assert.deepEqual(d.state.charts, []);
    d.do({ type: 'jobOpened', ticket: job1, view: jobView(1, false, counts(1)) });
    assert.deepEqual(d.state.counts, counts(11, 0, 0, 1), 'job 1 opened again earlier changes nothing');
    assert.equal(d.state.job?.job.id, 1, 'the old job shows until job 2 arrives');
    d.do({ type: 'jobOpened', ticket: job2, view: jobView(2) });
    assert.equal(d.state.job?.job.id, 2);
  });

  it('a status reply brings the record at the position: a load still in flight for an older position is stale', () => {
    const d = new ReviewDriver({ jobId: 1 }).opened();
    d.do({ type: 'decide', status: 'accepted' });
    const decision = d.effect('setStatus');
    // N while the status is stored (moving never waits).
    d.do(keyAction('next'));
    const moved = d.ticket('loadRecord');
    d.do(statusSet(decision, counts(10, 1, 0, 1), at(record(2), 0, 10)));
    d.do({ type: 'recordLoaded', ticket: moved, at: at(record(3), 1, 10) });
    assert.equal(d.state.current?.record?.id, 2);
    assert.equal(d.state.view.offset, 0);
  });

  it('failures are said as errors; a failed open leaves no job; a failed status change frees the keys', () => {
    const d = new ReviewDriver({ jobId: 1 }).do({ type: 'start' });
    d.do({ type: 'failed', request: 'openJob', message: 'No job #1.', ticket: d.ticket('openJob') });
    assert.deepEqual(d.state.message, { text: 'No job #1.', error: true });
    assert.equal(d.state.job, undefined);
    const busy = new ReviewDriver({ jobId: 1 }).opened().do({ type: 'decide', status: 'rejected' });
    busy.do({ type: 'failed', request: 'setStatus', message: 'The database is read-only.' });
    assert.equal(busy.state.busy, false);
    assert.deepEqual(busy.state.message, { text: 'The database is read-only.', error: true });
  });

  it('the layout dialog closes on another job; a saved layout opens the job and its record again', () => {
    const d = new ReviewDriver({ jobId: 1 }).opened();
    d.do({ type: 'setLayoutOpen', open: true }, { type: 'layoutSaved' });
    assert.deepEqual(d.kinds(), ['openJob', 'loadRecord']);
    assert.equal(d.state.layoutOpen, true, 'the dialog closes itself after saving');
    d.do({ type: 'showJob', jobId: 2 });
    assert.equal(d.state.layoutOpen, false);
    assert.deepEqual(d.state.view, { jobId: 2, status: 'pending', offset: 0, view: 'single', pageSize: 25 });
    d.do({ type: 'showJob', jobId: 2 });
    assert.deepEqual(d.kinds(), [], 'the job shown already');
  });

  it('export says where the records went; a cancelled dialog says nothing', () => {
    const d = new ReviewDriver({ jobId: 1, status: 'accepted' }).opened(1, at(record(1, 1, 'accepted'), 0, 1));
    d.do({ type: 'exportJsonl' });
    assert.deepEqual(d.effect('exportJsonl'), { kind: 'exportJsonl', jobId: 1, status: 'accepted' });
    d.do({ type: 'exported', status: 'accepted', count: 1500, path: '/w/exports/a.jsonl' });
    assert.equal(d.state.message?.text, 'Exported 1,500 accepted record(s) to /w/exports/a.jsonl.');
  });
});
