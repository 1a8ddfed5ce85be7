import assert from 'node:assert/strict';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { TraceEntry } from '../../../src/core/records/unitResult';
import { TraceFormatError } from '../../../src/core/store/storeErrors';
import { decodeTrace, encodeTrace, TRACE_FORMAT_2 } from '../../../src/core/store/traceCodec';

const usage = { input_tokens: 3, output_tokens: 4, cached_tokens: 0 };

function entry(block_id: string, output: Record<string, unknown> | null, error: string | null = null): TraceEntry {
  return { block_id, block_type: 'TextGenerator', started_at: '2026-01-01T00:00:00.000Z', duration_ms: 5, output, error, ...(output ? { usage } : {}) };
}

const LONG_ANSWER = 'The answer, at length. '.repeat(40);

/**
 * question → answer (overwrites `assistant` and `system`) → rating (nested object). Only the later values of an
 * overwritten key are the final output's; `user` of the first block was overwritten by the same value.
 */
function sample(): { trace: TraceEntry[]; output: Record<string, unknown> } {
  const metadata = { topic: 'orbits', tags: ['a', 'b'] };
  const question = { assistant: 'What keeps a planet in orbit?', system: 'You ask.', user: 'Ask about orbits.' };
  const answer = { assistant: LONG_ANSWER, system: 'You answer.', user: 'Ask about orbits.' };
  const rating = { generated: { score: 4, reasons: ['clear', { depth: [1, 2, { x: null }] }] }, passed: true, count: 0, note: null };
  const trace = [entry('question', question), entry('answer', answer), entry('rating', rating)];
  return { trace, output: { ...metadata, ...question, ...answer, ...rating, _raw: 'internal' } };
}

/** The entries as stored in the blob (format 2), to see what was shared. */
function stored(blob: Uint8Array): Record<string, unknown>[] {
  assert.equal(blob[0], TRACE_FORMAT_2);
  return JSON.parse(inflateRawSync(blob.subarray(1)).toString('utf8')) as Record<string, unknown>[];
}

/** Deep equality and the same JSON text: key order included. */
function assertExact(actual: unknown, expected: unknown): void {
  assert.deepEqual(actual, expected);
  assert.equal(JSON.stringify(actual), JSON.stringify(expected));
}

describe('trace codec', () => {
  it('round-trips exactly: overwritten keys, nested objects, nulls, booleans, zero', () => {
    const { trace, output } = sample();
    assertExact(decodeTrace(encodeTrace(trace, output), output), trace);
  });

  it('stores a value the final output holds only once, and keeps values a later block overwrote', () => {
    const { trace, output } = sample();
    const blob = encodeTrace(trace, output);
    const [question, answer, rating] = stored(blob);
    // `user` equals the final value even though the answer block wrote it again.
    assert.deepEqual(question.output, { assistant: 'What keeps a planet in orbit?', system: 'You ask.' });
    assert.deepEqual(question.same, ['user']);
    assert.deepEqual(answer.output, {});
    assert.deepEqual(answer.same, ['assistant', 'system', 'user']);
    assert.deepEqual(rating.same, ['generated', 'passed', 'count', 'note']);
    assert.ok(!inflateRawSync(blob.subarray(1)).toString('utf8').includes('The answer, at length.'), 'the long answer is not in the trace blob');
    assert.ok(blob.length < deflateRawSync(Buffer.from(JSON.stringify(trace))).length, 'smaller than format 1');
  });

  it('restores the original key order when a shared key comes before a kept one', () => {
    const trace = [entry('a', { first: 'shared', second: 'overwritten', third: 'shared too' }), entry('b', { second: 'final' })];
    const output = { first: 'shared', second: 'final', third: 'shared too' };
    const blob = encodeTrace(trace, output);
    assert.deepEqual(stored(blob)[0].same, [['first', 0], ['third', 2]]);
    assertExact(decodeTrace(blob, output), trace);
  });

  it('shares nothing for a failed unit (no output) and keeps the failing entry with its null output', () => {
    const trace = [entry('q', { question: 'Q' }), entry('a', null, 'HTTP 500')];
    const blob = encodeTrace(trace, null);
    assert.ok(stored(blob).every((e) => !('same' in e)));
    assertExact(decodeTrace(blob, null), trace);
  });

  it('shares only JSON-identical values: an object with another key order, or a different type, is kept', () => {
    const trace = [entry('a', { obj: { x: 1, y: 2 }, num: 1, str: '1', list: [1, 2] })];
    const output = { obj: { y: 2, x: 1 }, num: '1', str: 1, list: [1, 2] };
    const blob = encodeTrace(trace, output);
    assert.deepEqual(stored(blob)[0].same, ['list']);
    assertExact(decodeTrace(blob, output), trace);
  });

  it('decodes against an output parsed back from its JSON, as the store does', () => {
    const { trace, output } = sample();
    const blob = encodeTrace(trace, output);
    assertExact(decodeTrace(blob, JSON.parse(JSON.stringify(output)) as Record<string, unknown>), trace);
  });

  it('gives each decoded entry its own copies: changing one changes neither the output nor another entry', () => {
    const shared = { nested: { v: 1 } };
    const trace = [entry('a', { obj: shared }), entry('b', { obj: shared })];
    const output = { obj: { nested: { v: 1 } } };
    const decoded = decodeTrace(encodeTrace(trace, output), output);
    (decoded[0].output?.obj as { nested: { v: number } }).nested.v = 2;
    assert.deepEqual(output.obj, { nested: { v: 1 } });
    assert.deepEqual(decoded[1].output?.obj, { nested: { v: 1 } });
  });

  it('reads format 1 blobs (raw deflate of the JSON) written before format 2', () => {
    const { trace, output } = sample();
    const old = new Uint8Array(deflateRawSync(Buffer.from(JSON.stringify(trace), 'utf8')));
    assert.notEqual(old[0] & 0x06, 0x06, 'a raw deflate stream never starts with the reserved block type');
    assertExact(decodeTrace(old, output), trace);
    assertExact(decodeTrace(old, null), trace);
    // An empty trace too, the shortest format 1 blob.
    assert.deepEqual(decodeTrace(new Uint8Array(deflateRawSync(Buffer.from('[]'))), null), []);
  });

  it('reads a missing trace as empty and refuses a format it does not know', () => {
    assert.deepEqual(decodeTrace(null, null), []);
    assert.deepEqual(decodeTrace(new Uint8Array(0), null), []);
    const future = encodeTrace([], null);
    future[0] = 0x06 | (3 << 3);
    assert.throws(() => decodeTrace(future, null), (e: unknown) => e instanceof TraceFormatError && /newer version/.test(e.message));
  });
});
