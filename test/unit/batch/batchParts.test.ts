import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchFileSplitter } from '../../../src/core/batch/batchFileSplitter';
import { BatchLedger } from '../../../src/core/batch/batchLedger';
import { readResults } from '../../../src/core/batch/batchResults';
import { batchPlanOf, batchPricedPlan, batchPrices } from '../../../src/core/batch/batchPlan';
import { DEFAULT_MODEL_SETTINGS } from '../../../src/core/llm/llmTypes';
import type { RunPlan } from '../../../src/core/plan/planTypes';
import { customId, parseCustomId } from '../../../src/core/batch/customId';
import { textLines } from '../../../src/core/batch/textLines';

const ctx = { baseUrl: 'http://127.0.0.1:1/v1', model: 'm' };
const completion = (content: string) => ({ choices: [{ message: { role: 'assistant', content } }], usage: { prompt_tokens: 2, completion_tokens: 3 } });

describe('batch parts', () => {
  it('custom_id ties an answer to its unit, block and call, block ids with slashes included', () => {
    assert.equal(customId('s3.r1', 'answer', 0), 's3.r1/answer/0');
    assert.deepEqual(parseCustomId('s3.r1/answer/0'), { unitKey: 's3.r1', blockId: 'answer', call: 0 });
    assert.deepEqual(parseCustomId(customId('s0.c2.r1', 'a/b', 4)), { unitKey: 's0.c2.r1', blockId: 'a/b', call: 4 });
    assert.equal(parseCustomId('nonsense'), undefined);
    assert.equal(parseCustomId('s0.r0/x/-1'), undefined);
  });

  it('splits requests into files per model within the request and byte limits', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dgf-split-'));
    const splitter = new BatchFileSplitter(dir, 1, { maxRequests: 2, maxBytes: 30 });
    for (let i = 0; i < 5; i++) splitter.add('a', `{"n":${i}}`);
    splitter.add('b', `{"x":"${'y'.repeat(20)}"}`);
    splitter.add('b', `{"x":"${'z'.repeat(20)}"}`);
    const files = splitter.finish();
    assert.deepEqual(files.filter((f) => f.model === 'a').map((f) => f.requests), [2, 2, 1]);
    assert.deepEqual(files.filter((f) => f.model === 'b').map((f) => f.requests), [1, 1]);
    for (const f of files) {
      assert.ok(f.bytes <= 30);
      assert.equal(Buffer.byteLength(await readFile(join(dir, f.name))), f.bytes);
    }
    assert.throws(() => new BatchFileSplitter(dir, 2, { maxRequests: 5, maxBytes: 10 }).add('a', 'x'.repeat(10)), /larger than a batch file may be/);
  });

  it('reads answers, errors and misses; a torn line and an unknown id count as malformed', async () => {
    const batch = { id: 'b1', status: 'expired' as const, inputFileId: 'f', counts: { total: 4, completed: 1, failed: 1 } };
    const output = [JSON.stringify({ custom_id: 'u0/q/0', response: { status_code: 200, body: completion('hi') } }), '{"custom_id":"u1/q/0","resp', JSON.stringify({ custom_id: 'other/q/0', response: { status_code: 200, body: completion('x') } })].join('\n');
    const errors = JSON.stringify({ custom_id: 'u2/q/0', response: { status_code: 400, body: { error: { message: 'bad' } } } });
    const read = await readResults(batch, ['u0/q/0', 'u1/q/0', 'u2/q/0', 'u3/q/0'], [textLines([output]), textLines([errors])], ctx);
    assert.equal(read.malformed, 2);
    assert.deepEqual(read.entries[0], { id: 'u0/q/0', ok: { content: 'hi', usage: { input_tokens: 2, output_tokens: 3, cached_tokens: 0 } } });
    assert.deepEqual(read.entries[1], { id: 'u1/q/0', err: { message: 'batch b1 expired before answering it', retryable: true }, batch: 'b1' });
    assert.deepEqual(read.entries[2], { id: 'u2/q/0', err: { message: 'HTTP 400: bad', status: 400, retryable: false }, batch: 'b1' });
    assert.equal('err' in read.entries[3] && read.entries[3].err.retryable, true);
  });

  it('the ledger keeps files and answers across a reopen; errors count attempts, an answer wins', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'dgf-ledger-')), 'job-7');
    const ledger = await BatchLedger.open(dir, 7);
    await ledger.addFiles([{ name: 'stage1-1.jsonl', stage: 1, model: 'm', requests: 2, bytes: 10 }]);
    await ledger.update('stage1-1.jsonl', { fileId: 'file-1', batchId: 'batch-1', status: 'in_progress' });
    await ledger.append([{ id: 'a', err: { message: 'gone', retryable: true } }, { id: 'b', ok: { content: 'B', usage: { input_tokens: 1, output_tokens: 1, cached_tokens: 0 } } }]);
    await ledger.append([{ id: 'a', err: { message: 'gone again', retryable: true }, batch: 'b2' }]);
    // The same batch's results read again (a crash before it was marked collected) count no second attempt.
    await ledger.append([{ id: 'a', err: { message: 'gone again', retryable: true }, batch: 'b2' }]);
    const reopened = await BatchLedger.open(dir, 7);
    assert.deepEqual(reopened.files, [{ name: 'stage1-1.jsonl', stage: 1, model: 'm', requests: 2, bytes: 10, fileId: 'file-1', batchId: 'batch-1', status: 'in_progress' }]);
    assert.equal(reopened.nextStage(), 2);
    assert.equal(reopened.request('a')?.attempts, 2);
    assert.equal(reopened.request('a')?.lastError?.message, 'gone again');
    assert.equal(reopened.request('b')?.answer?.content, 'B');
    await assert.rejects(BatchLedger.open(dir, 8), /belongs to job 7/);
    // Units already recorded are not loaded; a unit recorded now leaves memory.
    await reopened.append([{ id: 'u1/q/0', ok: { content: 'U1', usage: { input_tokens: 0, output_tokens: 0, cached_tokens: 0 } } }]);
    const partial = await BatchLedger.open(dir, 7, new Set(['u1']));
    assert.equal(partial.request('u1/q/0'), undefined);
    assert.equal(reopened.request('u1/q/0')?.answer?.content, 'U1');
    reopened.forgetUnit('u1');
    assert.equal(reopened.request('u1/q/0'), undefined);
  });

  it('the ledger reads its answers around a line torn by a crash mid-append', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'dgf-ledger-')), 'job-9');
    const ledger = await BatchLedger.open(dir, 9);
    await ledger.append([{ id: 'a/q/0', ok: { content: 'A', usage: { input_tokens: 1, output_tokens: 1, cached_tokens: 0 } } }]);
    await appendFile(join(dir, 'answers.jsonl'), '{"id":"b/q/0","ok":{"cont');
    const reopened = await BatchLedger.open(dir, 9);
    assert.equal(reopened.request('a/q/0')?.answer?.content, 'A');
    assert.equal(reopened.request('b/q/0'), undefined);
  });

  it('prices a plan at batch prices: the discount (default 0.5) or explicit batch prices', () => {
    const settings = {
      ...DEFAULT_MODEL_SETTINGS,
      models: [
        { name: 'half', baseUrl: 'http://x/v1', model: 'a', pricePer1kInput: 1, pricePer1kOutput: 2 },
        { name: 'explicit', baseUrl: 'http://x/v1', model: 'b', pricePer1kInput: 1, pricePer1kOutput: 2, batchPricePer1kInput: 0.1, batchPricePer1kOutput: 0.2 },
      ],
    };
    assert.deepEqual(batchPrices(settings.models[0]), { perKInput: 0.5, perKOutput: 1 });
    assert.deepEqual(batchPrices({ ...settings.models[0], batchDiscount: 0.25 }), { perKInput: 0.25, perKOutput: 0.5 });
    const block = (id: string, model: string, cost: number) => ({ id, type: 'TextGenerator', calls: 10, inputTokens: 1000, outputTokens: 2000, outputSource: 'max-tokens' as const, cost, models: [model], placeholders: [] });
    const plan: RunPlan = {
      pipelineName: 'p', seeds: 10, units: 10, unitsExact: true, sampledUnits: 10,
      blocks: [block('q', 'half', 5), block('a', 'explicit', 5), { ...block('map', 'half', 0), calls: 0, cost: 0, models: [] }],
      totals: { calls: 20, inputTokens: 2000, outputTokens: 4000, outputSource: 'max-tokens', cost: 10, costComplete: true },
      time: { source: 'unknown', concurrency: 8 }, historyJobIds: [], notes: [],
    };
    // q: 5 × 0.5; a: 1000 in × 0.1/1k + 2000 out × 0.2/1k = 0.5.
    assert.deepEqual(batchPlanOf(plan, settings, '24h'), { onlineCost: 10, batchCost: 3, completionWindow: '24h', stages: 2 });
    const priced = batchPricedPlan(plan, settings, '24h');
    assert.equal(priced.totals.cost, 3);
    assert.deepEqual(priced.blocks.map((b) => b.cost), [2.5, 0.5, 0]);
    assert.match(priced.notes.at(-1) ?? '', /^Batch job: costs at batch prices \(online \$10\.00\); 2 stage\(s\), each within the provider's 24h window\.$/);
  });

  it('splits a byte stream into lines across chunk boundaries, a character cut between chunks included', async () => {
    const bytes = Buffer.from('first\nsé\ncond\n\nlast without newline');
    const cut = bytes.indexOf(0xa9); // the second byte of é
    const chunks = [bytes.subarray(0, 3), bytes.subarray(3, cut), bytes.subarray(cut, cut + 4), bytes.subarray(cut + 4)];
    const lines: string[] = [];
    for await (const line of textLines(chunks)) lines.push(line);
    assert.deepEqual(lines, ['first', 'sé', 'cond', '', 'last without newline']);
  });
});
