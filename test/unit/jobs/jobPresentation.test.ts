import assert from 'node:assert/strict';
import type { JobRow } from '../../../src/core/store/storeTypes';
import { exportFileName, slug } from '../../../src/jobs/exportFileName';
import { jobContextValue, jobDescription, jobFacts, jobIcon, jobRowDescription, jobTooltipLines, readOnlyNote, rerunRefusal, resumeRefusal, retryRefusal } from '../../../src/jobs/jobPresentation';
import { describeModels } from '../../../src/jobs/modelSummary';
import { relativeTime } from '../../../src/jobs/relativeTime';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');

function job(patch: Partial<JobRow> = {}): JobRow {
  return {
    id: 7,
    pipelinePath: 'qa.dgf.json',
    pipelineName: 'Questions',
    pipelineHash: 'h',
    seedsPath: 'topics.json',
    seedsHash: 's',
    modelSettings: { models: [{ name: 'local', baseUrl: 'http://localhost:11434/v1', model: 'llama3' }], defaultModel: 'local' },
    status: 'completed',
    total: 40,
    generated: 38,
    failed: 2,
    usage: { input_tokens: 100, output_tokens: 50, cached_tokens: 10 },
    error: null,
    startedAt: '2026-03-01T11:50:00.000Z',
    finishedAt: '2026-03-01T11:55:00.000Z',
    createdAt: '2026-03-01T11:50:00.000Z',
    elapsedMs: 65_000,
    metadata: {},
    ...patch,
  };
}

const local = { readOnly: false, runsHere: false };

describe('Jobs tree presentation', () => {
  it('describes a job compactly, with live percentage while it runs', () => {
    assert.equal(jobDescription(job(), NOW), '#7 · completed · 38/40 · 2 failed · 5 min ago');
    const running = job({ status: 'running', generated: 10, failed: 0, total: 0, finishedAt: null });
    assert.equal(jobDescription(running, NOW, { percent: 25, total: 40, text: 'seed 1/1', elapsedMs: 1000 }), '#7 · running 25% · 10/40 · 0 failed · 10 min ago');
    assert.equal(jobDescription(running, NOW), '#7 · running · 10/? · 0 failed · 10 min ago', 'a multiplier job before its total is known');
  });

  it("puts a row's key facts first: status and counts in the label, the pipeline's name and the time after them", () => {
    const long = job({ pipelineName: 'Questions and answers about the onboarding handbook' });
    assert.equal(jobFacts(long), '#7 · completed · 38/40 · 2 failed');
    assert.equal(jobRowDescription(long, NOW), 'Questions and answers about the onboarding handbook · 5 min ago');
    const running = job({ status: 'running', generated: 10, failed: 0, total: 0, finishedAt: null });
    assert.equal(jobFacts(running, { percent: 25, total: 40, text: 'seed 1/1', elapsedMs: 1000 }), '#7 · running 25% · 10/40 · 0 failed');
    // What a row shows at the default sidebar width, about 36 characters after the icon: the facts whole.
    const visible = `${jobFacts(long)} ${jobRowDescription(long, NOW)}`.slice(0, 36);
    for (const fact of ['#7', 'completed', '38/40', '2 failed']) assert.ok(visible.includes(fact), `"${visible}" shows ${fact}`);
  });

  it('picks an icon per status, warning for a completed job with failures', () => {
    assert.equal(jobIcon(job()), 'warning');
    assert.equal(jobIcon(job({ failed: 0 })), 'pass');
    assert.equal(jobIcon(job({ status: 'interrupted' })), 'debug-pause');
    assert.equal(jobIcon(job({ status: 'running' })), 'sync~spin');
  });

  it('encodes status and only the valid actions in the context value', () => {
    assert.equal(jobContextValue(job(), local), 'job:completed:hasFailed:hasRecords:rerunnable:deletable');
    assert.equal(jobContextValue(job({ status: 'cancelled', failed: 0 }), local), 'job:cancelled:resumable:hasRecords:rerunnable:deletable');
    assert.equal(jobContextValue(job({ status: 'running' }), { readOnly: false, runsHere: true }), 'job:running:cancellable:hasRecords');
    assert.equal(jobContextValue(job({ status: 'running' }), { readOnly: true, runsHere: false }), 'job:running:hasRecords', 'another process runs it');
    assert.equal(jobContextValue(job({ status: 'interrupted', generated: 0, failed: 0 }), { readOnly: true, runsHere: false }), 'job:interrupted');
  });

  it('says why a job cannot be resumed or retried', () => {
    assert.equal(resumeRefusal(job({ status: 'cancelled' })), undefined);
    assert.equal(resumeRefusal(job({ status: 'interrupted' })), undefined);
    // mirrors the original's tests/test_constraints.py: a reached limit counts the whole job, so a stopped job has nothing to resume
    assert.match(resumeRefusal(job({ status: 'stopped', error: 'max_total_tokens reached: 600 of 600' })) ?? '', /stopped at its limit \(max_total_tokens reached: 600 of 600\).*Start a new job with a higher limit/);
    assert.match(resumeRefusal(job()) ?? '', /nothing to resume.*Retry Failed Units.*2 failed/);
    assert.match(retryRefusal(job({ failed: 0 })) ?? '', /no failed units/);
    assert.match(retryRefusal(job({ status: 'running' })) ?? '', /still running/);
  });

  it('lists pipeline, seeds, models, tokens, duration and error in the tooltip', () => {
    const lines = jobTooltipLines(job({ error: 'boom' }));
    const value = (label: string) => lines.find((l) => l.label === label)?.value;
    assert.equal(value('Pipeline'), 'qa.dgf.json');
    assert.equal(value('Seeds'), 'topics.json');
    assert.equal(value('Model'), 'local: llama3 at http://localhost:11434/v1 (default)');
    assert.equal(value('Tokens'), '100 in · 50 out · 10 cached');
    assert.equal(value('Duration'), '1:05');
    assert.equal(value('Error'), 'boom');
  });

  it('shows calls made, reused and saved in the tooltip, and which job a re-run re-ran', () => {
    const responseCache = { mode: 'reuse', callsMade: 200, callsReused: 400, savedUsage: { input_tokens: 30000, output_tokens: 12000, cached_tokens: 0 }, savedCost: 0.054 };
    const lines = jobTooltipLines(job({ metadata: { responseCache, rerunOf: 3 } }));
    const value = (label: string) => lines.find((l) => l.label === label)?.value;
    assert.equal(value('Model calls'), '200 call(s) made, 400 reused (saved 42,000 tokens, $0.0540)');
    assert.equal(value('Re-run of'), '#3');
    assert.equal(jobTooltipLines(job()).find((l) => l.label === 'Model calls'), undefined, 'jobs from before the cache');
  });

  it('re-runs with changes only ended jobs that have a seed file', () => {
    assert.equal(rerunRefusal(job()), undefined);
    assert.match(rerunRefusal(job({ status: 'running' })) ?? '', /still running/);
    assert.match(rerunRefusal(job({ seedsPath: null })) ?? '', /no seed file recorded/);
  });

  it('names the lock holder in the read-only note', () => {
    assert.match(readOnlyNote({ holder: 'datagenflow CLI', pid: 42 }), /^Read-only: datagenflow CLI \(pid 42\) is writing this database/);
  });
});

describe('model summary', () => {
  it('puts the default first and tolerates odd recorded settings', () => {
    const settings = { models: [{ name: 'a', model: 'm1' }, { name: 'b', model: 'm2', baseUrl: null }, 'junk'], defaultModel: 'b' };
    assert.equal(describeModels(settings), 'b: m2 (default); a: m1');
    assert.match(describeModels({}), /Ollama/);
  });
});

describe('relative time and export names', () => {
  it('ages a timestamp', () => {
    assert.equal(relativeTime('2026-03-01T11:59:30.000Z', NOW), 'just now');
    assert.equal(relativeTime('2026-03-01T09:00:00.000Z', NOW), '3 h ago');
    assert.equal(relativeTime('2026-02-27T12:00:00.000Z', NOW), '2 d ago');
    assert.equal(relativeTime('2026-01-01T00:00:00.000Z', NOW), '2026-01-01');
    assert.equal(relativeTime('not a date', NOW), '');
  });

  it('slugs the pipeline name into a safe file name', () => {
    assert.equal(slug('Q&A: Café au lait!'), 'q-a-cafe-au-lait');
    assert.equal(slug('***'), 'pipeline');
    assert.equal(exportFileName('Questions and answers', 12, 'accepted'), 'questions-and-answers-job12-accepted.jsonl');
  });
});
