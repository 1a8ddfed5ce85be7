import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportDataset } from '../../../src/core/export/exportDataset';
import { ExportMappingError } from '../../../src/core/export/exportErrors';
import { ExportTargetError } from '../../../src/core/store/exportTarget';
import { chatJob, databaseRecords } from './exportTestKit';

/** The documented OpenAI chat fine-tuning line: one object, only `messages`, roles system/user/assistant, string content, an assistant turn. */
function assertFineTuningLine(line: string): { role: string; content: string }[] {
  const value = JSON.parse(line) as Record<string, unknown>;
  assert.deepEqual(Object.keys(value), ['messages']);
  assert.ok(Array.isArray(value.messages) && value.messages.length > 0);
  for (const message of value.messages as Record<string, unknown>[]) {
    assert.deepEqual(Object.keys(message).sort(), ['content', 'role']);
    assert.ok(['system', 'user', 'assistant'].includes(message.role as string), `role ${String(message.role)}`);
    assert.equal(typeof message.content, 'string');
  }
  assert.ok((value.messages as { role: string }[]).some((m) => m.role === 'assistant'));
  return value.messages as { role: string; content: string }[];
}

function jsonLines(text: string): string[] {
  assert.ok(text.endsWith('\n'));
  return text.slice(0, -1).split('\n');
}

describe('export: chat formats (OpenAI chat, ShareGPT, Alpaca)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dgf-export-chat-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('OpenAI chat: one fine-tuning messages array per line, equal to the database, the unmappable record listed', async () => {
    const store = await chatJob();
    const outPath = join(dir, 'chat.jsonl');
    const result = await exportDataset(store, { jobId: 1, format: 'openai_chat', outPath });
    const lines = jsonLines(await readFile(outPath, 'utf8'));
    const expected = databaseRecords(store, 1, (r) => r.status !== 'failed' && r.seedIndex !== 2);
    assert.equal(result.count, expected.length);
    assert.equal(lines.length, expected.length);
    lines.forEach((line, i) => assert.deepEqual(assertFineTuningLine(line), expected[i].output?.messages));
    assert.equal(result.unmappedCount, 1);
    assert.deepEqual(result.unmapped.map((u) => [u.recordId, u.seedIndex]), [[3, 2]]);
    assert.match(result.unmapped[0].reason, /no assistant message/);
  });

  it('OpenAI chat from single-turn fields with a system message from the mapping; accepted records only when asked', async () => {
    const store = await chatJob();
    const outPath = join(dir, 'single.jsonl');
    const mappings = { openai_chat: { user: '$metadata.topic', assistant: 'answer', system: 'Be brief.' } };
    const result = await exportDataset(store, { jobId: 1, format: 'openai_chat', status: 'accepted', outPath, mappings });
    const lines = jsonLines(await readFile(outPath, 'utf8'));
    const accepted = databaseRecords(store, 1, (r) => r.status === 'accepted');
    assert.equal(result.count, accepted.length);
    lines.forEach((line, i) =>
      assert.deepEqual(assertFineTuningLine(line), [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: accepted[i].metadata.topic },
        { role: 'assistant', content: accepted[i].output?.answer },
      ]),
    );
  });

  it('ShareGPT: conversations with from human/gpt/system and value', async () => {
    const store = await chatJob();
    const outPath = join(dir, 'sharegpt.jsonl');
    const result = await exportDataset(store, { jobId: 1, format: 'sharegpt', outPath });
    const lines = jsonLines(await readFile(outPath, 'utf8')).map((l) => JSON.parse(l) as { conversations: { from: string; value: string }[] });
    const expected = databaseRecords(store, 1, (r) => r.status !== 'failed' && r.seedIndex !== 2);
    assert.equal(result.count, expected.length);
    const from = { system: 'system', user: 'human', assistant: 'gpt' } as Record<string, string>;
    lines.forEach((line, i) => {
      assert.deepEqual(Object.keys(line), ['conversations']);
      assert.deepEqual(line.conversations, (expected[i].output?.messages as { role: string; content: string }[]).map((m) => ({ from: from[m.role], value: m.content })));
    });
  });

  it('Alpaca: instruction, input, output from the mapping; an empty input when none is mapped', async () => {
    const store = await chatJob();
    const withInput = join(dir, 'alpaca.jsonl');
    await exportDataset(store, { jobId: 1, format: 'alpaca', outPath: withInput, mappings: { alpaca: { instruction: 'question', input: '$metadata.persona', output: 'messages[-1].content' } } });
    const expected = databaseRecords(store, 1, (r) => r.status !== 'failed');
    const rows = jsonLines(await readFile(withInput, 'utf8')).map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      rows,
      expected.map((r) => ({ instruction: r.output?.question, input: r.metadata.persona, output: (r.output?.messages as { content: string }[]).at(-1)?.content })),
    );
    // Defaults: instruction ← question, output ← answer, no input field → "".
    const guessed = join(dir, 'alpaca-default.jsonl');
    await exportDataset(store, { jobId: 1, format: 'alpaca', outPath: guessed, mappings: {} });
    const first = JSON.parse(jsonLines(await readFile(guessed, 'utf8'))[0]) as Record<string, unknown>;
    assert.deepEqual(first, { instruction: expected[0].output?.question, input: '', output: expected[0].output?.answer });
  });

  it('a missing field or a wrong type is listed with the reason, never written half-empty', async () => {
    const store = await chatJob();
    const outPath = join(dir, 'bad.jsonl');
    const result = await exportDataset(store, { jobId: 1, format: 'alpaca', outPath, mappings: { alpaca: { instruction: 'question', output: 'score' } } });
    assert.equal(result.count, 0);
    assert.equal(await readFile(outPath, 'utf8'), '');
    assert.equal(result.unmappedCount, 6);
    assert.match(result.unmapped[0].reason, /`score` is a number, not text/);
    const missing = await exportDataset(store, { jobId: 1, format: 'openai_chat', outPath: join(dir, 'm.jsonl'), mappings: { openai_chat: { messages: 'dialogue' } } });
    assert.equal(missing.count, 0);
    assert.match(missing.unmapped[0].reason, /`dialogue` is missing, not a list/);
  });

  it('the $original root reads the output as generated, before review edits', async () => {
    const store = await chatJob();
    await store.editRecord(1, { answer: 'Edited answer' });
    const outPath = join(dir, 'orig.jsonl');
    await exportDataset(store, { jobId: 1, format: 'alpaca', status: 'accepted', outPath, mappings: { alpaca: { instruction: 'question', input: '$original.answer', output: 'answer' } } });
    const first = JSON.parse(jsonLines(await readFile(outPath, 'utf8'))[0]) as Record<string, unknown>;
    assert.deepEqual(first, { instruction: 'Question s0.r0', input: 'Answer s0.r0', output: 'Edited answer' });
  });

  it('a malformed mapping is refused before anything is written', async () => {
    const store = await chatJob();
    const outPath = join(dir, 'never.jsonl');
    await assert.rejects(exportDataset(store, { jobId: 1, format: 'openai_chat', outPath, mappings: { openai_chat: { messages: 3 } } }), ExportMappingError);
    await assert.rejects(exportDataset(store, { jobId: 1, format: 'csv', outPath, mappings: { csv: { columns: { a: '$nope' } } } }), /unknown root/);
    await assert.rejects(readFile(outPath), { code: 'ENOENT' });
  });

  it('an existing file that is not an earlier export of the format is kept unless overwriting is allowed', async () => {
    const store = await chatJob();
    const outPath = join(dir, 'notes.jsonl');
    await writeFile(outPath, 'my notes\n');
    await assert.rejects(exportDataset(store, { jobId: 1, format: 'openai_chat', outPath }), ExportTargetError);
    assert.equal(await readFile(outPath, 'utf8'), 'my notes\n');
    await exportDataset(store, { jobId: 1, format: 'openai_chat', outPath, overwrite: 'any' });
    // Now an earlier chat export: replaced without asking.
    await exportDataset(store, { jobId: 1, format: 'openai_chat', outPath, status: 'accepted' });
    assert.equal(jsonLines(await readFile(outPath, 'utf8')).length, 3);
  });

  it('jsonl is the current DataGenFlow export, unchanged', async () => {
    const store = await chatJob();
    const outPath = join(dir, 'dgf.jsonl');
    const result = await exportDataset(store, { jobId: 1, format: 'jsonl', outPath });
    assert.equal(result.count, 6);
    const first = JSON.parse(jsonLines(await readFile(outPath, 'utf8'))[0]) as Record<string, unknown>;
    assert.deepEqual(Object.keys(first), ['id', 'metadata', 'status', 'accumulated_state', 'created_at', 'updated_at']);
  });
});
