import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import { exportPreview } from '../../../src/core/export/exportPreview';
import { setExportMapping } from '../../../src/core/pipeline/exportMappingEdit';
import { parsePipeline } from '../../../src/core/pipeline/parsePipeline';
import { serializePipeline } from '../../../src/core/pipeline/serializePipeline';
import { chatJob } from './exportTestKit';

const TEMPLATE = join(__dirname, '../../../templates/multi_turn_chat.dgf.json');

describe('export: the mapping in the pipeline file', () => {
  it('a pipeline file without `exports` is unchanged byte for byte by parse → serialize', async () => {
    const text = await readFile(TEMPLATE, 'utf8');
    const parsed = parsePipeline(text, createBlockRegistry());
    assert.ok(parsed.pipeline);
    assert.equal(serializePipeline(parsed.pipeline), text);
  });

  it('setting a mapping adds only the `exports` key; the file still parses without problems and round-trips', async () => {
    const text = await readFile(TEMPLATE, 'utf8');
    const edited = setExportMapping(text, 'openai_chat', { messages: 'messages', system: 'Be kind.' }).text;
    const before = text.trimEnd().slice(0, -1).trimEnd();
    assert.ok(edited.startsWith(before), 'the text before the new key is untouched');
    const parsed = parsePipeline(edited, createBlockRegistry());
    assert.deepEqual(parsed.problems.filter((p) => p.severity === 'error'), []);
    assert.deepEqual(parsed.pipeline?.exports, { openai_chat: { messages: 'messages', system: 'Be kind.' } });
    assert.equal(serializePipeline(parsed.pipeline!), edited);
    // A second format lands beside the first; removing one leaves the other.
    const both = setExportMapping(edited, 'huggingface', { columns: { messages: 'messages' }, seed: 3 }).text;
    const removed = setExportMapping(both, 'openai_chat', undefined).text;
    assert.deepEqual(JSON.parse(removed).exports, { huggingface: { columns: { messages: 'messages' }, seed: 3 } });
  });

  it('the schema rejects a malformed mapping (a field that is not text, a split that does not exist)', async () => {
    const text = await readFile(TEMPLATE, 'utf8');
    const bad = setExportMapping(text, 'alpaca', { instruction: 3, output: 'x' }).text;
    assert.ok(parsePipeline(bad, createBlockRegistry()).problems.some((p) => p.code === 'pipeline-schema' && /exports\.alpaca\.instruction/.test(p.message)));
    const badSplit = setExportMapping(text, 'huggingface', { splits: { dev: 0.1 } }).text;
    assert.ok(parsePipeline(badSplit, createBlockRegistry()).problems.some((p) => p.code === 'pipeline-schema' && /splits/.test(p.message)));
  });

  it('the preview gives the first 3 output lines, the mapping in effect and the records it could not map', async () => {
    const store = await chatJob();
    const preview = await exportPreview(store, { jobId: 1, format: 'openai_chat', mappings: undefined });
    assert.deepEqual(preview.mapping, { format: 'openai_chat', chat: { messages: 'messages' } });
    assert.equal(preview.lines.length, 3);
    assert.deepEqual(JSON.parse(preview.lines[0]), { messages: (await store.getRecord(1))?.output?.messages });
    assert.deepEqual(preview.unmapped.map((u) => u.seedIndex), [2]);
    const csv = await exportPreview(store, { jobId: 1, format: 'csv', mappings: { csv: { columns: { q: 'question', ok: 'judge.passed' } } } });
    assert.deepEqual(csv.lines, ['q,ok', 'Question s0.r0,true', 'Question s1.r0,false', 'Question s2.r0,true']);
  });
});
