import assert from 'node:assert/strict';
import { ReportSession } from '../../../src/report/reportSession';
import type { ReportView } from '../../../src/shared/reportProtocol';
import { openStore } from '../store/storeTestKit';
import { addJob, prose, unit } from './reportFixture';

describe('Report panel session', () => {
  it('shows progress then the report; showing another job cancels the running scan, whose views stop', async () => {
    const { store } = await openStore();
    const big = await addJob(store, Array.from({ length: 2500 }, (_, i) => unit(i, 0, { answer: prose(i, 20) })));
    const small = await addJob(store, [unit(0, 0, { answer: 'hello there' })]);
    const views: ReportView[] = [];
    const session = new ReportSession({ source: async () => store, onView: (v) => views.push(v) });
    const first = session.show({ kind: 'report', jobId: big });
    // Wait for the first page of progress of the big job, then switch.
    while (!views.some((v) => v.kind === 'report' && v.progress && v.progress.done >= 1000)) await new Promise((r) => setTimeout(r, 5));
    const second = session.show({ kind: 'report', jobId: small });
    await Promise.all([first, second]);
    const switched = views.findIndex((v) => v.kind === 'report' && v.jobId === small);
    assert.ok(switched > 0);
    assert.ok(views.slice(switched).every((v) => v.kind === 'report' && v.jobId === small), 'nothing of the cancelled scan after the switch');
    assert.equal(views.some((v) => v.kind === 'report' && v.jobId === big && v.report !== undefined), false, 'the big job never finished');
    const last = session.view;
    assert.ok(last.kind === 'report' && last.report?.records === 1 && last.progress === undefined);
  });

  it('shows why a scan failed, and a comparison with its metric', async () => {
    const { store } = await openStore();
    const a = await addJob(store, [unit(0, 0, { score: 1 })]);
    const b = await addJob(store, [unit(0, 0, { score: 2 })]);
    const session = new ReportSession({ source: async () => store, onView: () => undefined });
    await session.show({ kind: 'report', jobId: 42 });
    assert.ok(session.view.kind === 'report' && /There is no job 42/.test(session.view.error ?? ''));
    await session.show({ kind: 'compare', jobs: [a, b] });
    // Read through a function: the assertion above narrowed `session.view` to a report.
    const compared = ((): ReportView => session.view)();
    assert.ok(compared.kind === 'compare' && compared.metric === 'score' && compared.comparison?.units.better === 1);
  });
});
