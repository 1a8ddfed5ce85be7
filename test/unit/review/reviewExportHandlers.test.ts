import assert from 'node:assert/strict';
import { InvalidMessageError } from '../../../src/host/messageGuards';
import { createReviewExportHandlers, type ReviewExportActions } from '../../../src/review/reviewExportHandlers';
import { fieldText, mappingFields, parseColumns, withField } from '../../../webview-ui/review/exportFormFields';

describe('Review export dialog: request checks and form fields', () => {
  const calls: unknown[][] = [];
  const actions: ReviewExportActions = {
    exportPreview: async (...args) => {
      calls.push(['exportPreview', ...args]);
      return { mapping: {}, saved: null, lines: [], unmapped: [], pipelinePath: 'p.dgf.json' };
    },
    saveExportMapping: async (...args) => {
      calls.push(['saveExportMapping', ...args]);
      return { pipelinePath: 'p.dgf.json' };
    },
    exportDataset: async (...args) => {
      calls.push(['exportDataset', ...args]);
      return null;
    },
  };
  const handlers = createReviewExportHandlers(actions);

  it('passes checked params on, and refuses a format, scope or mapping the host does not know', async () => {
    const preview = handlers.exportPreview.parse({ jobId: 2, format: 'openai_chat', status: 'all', mapping: { messages: 'messages' } });
    await handlers.exportPreview.handle(preview);
    const exported = handlers.exportDataset.parse({ jobId: 2, format: 'jsonl', status: 'accepted', mapping: null });
    await handlers.exportDataset.handle(exported);
    assert.deepEqual(calls, [
      ['exportPreview', 2, 'openai_chat', 'all', { messages: 'messages' }],
      ['exportDataset', 2, 'jsonl', 'accepted', null],
    ]);
    assert.throws(() => handlers.exportPreview.parse({ jobId: 2, format: 'jsonl', status: 'all', mapping: null }), /params\.format must be one of openai_chat/);
    assert.throws(() => handlers.exportDataset.parse({ jobId: 2, format: 'xlsx', status: 'all', mapping: null }), InvalidMessageError);
    assert.throws(() => handlers.exportPreview.parse({ jobId: 2, format: 'csv', status: 'everything', mapping: null }), /params\.status/);
    assert.throws(() => handlers.saveExportMapping.parse({ jobId: 2, format: 'csv', mapping: 'columns' }), /params\.mapping/);
    assert.throws(() => handlers.saveExportMapping.parse({ jobId: 0, format: 'csv', mapping: {} }), /params\.jobId/);
  });

  it('without export actions the requests are refused', async () => {
    const none = createReviewExportHandlers(undefined);
    await assert.rejects(async () => none.exportDataset.handle({ jobId: 1, format: 'csv', status: 'all', mapping: null }), /not available/);
  });

  it('form fields: columns as "name: field" lines, numbers under splits, an empty field removes its key', () => {
    const [columns, train, , , seed] = mappingFields('huggingface');
    let form = withField({}, columns, 'q: question\n\nanswer\nturn: messages[role=assistant].content');
    assert.deepEqual(form, { columns: { q: 'question', answer: 'answer', turn: 'messages[role=assistant].content' } });
    assert.equal(fieldText(form, columns), 'q: question\nanswer: answer\nturn: messages[role=assistant].content');
    form = withField(withField(form, train, '0.7'), seed, '9');
    assert.deepEqual(form.splits, { train: 0.7 });
    assert.equal(form.seed, 9);
    assert.equal(fieldText(form, train), '0.7');
    assert.deepEqual(withField(form, train, '').splits, undefined);
    assert.deepEqual(parseColumns(' a : b \n'), { a: 'b' });
    assert.deepEqual(mappingFields('jsonl'), []);
    assert.deepEqual(mappingFields('alpaca').map((f) => f.key), ['instruction', 'input', 'output']);
  });
});
