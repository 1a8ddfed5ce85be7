import assert from 'node:assert/strict';
import { buildDatasetReport, jobRecordPages, type ReportSource } from '../../../src/core/report/datasetReport';
import { textTokens } from '../../../src/core/plan/promptTokens';
import type { PageQuery, RecordSummary } from '../../../src/core/store/storeTypes';
import { failedUnit, prose, storeWith, unit } from './reportFixture';

describe('dataset report', () => {
  it('counts statuses and groups failure reasons by their normalized message, with up to 3 example ids', async () => {
    const { store, jobId } = await storeWith([
      unit(0, 0, { answer: 'fine' }),
      failedUnit(1, 0, 'Block a (TextGenerator): HTTP 500 for s1.r0 after 120 ms'),
      failedUnit(2, 0, 'Block a (TextGenerator): HTTP 500 for s2.r0 after 98 ms'),
      failedUnit(3, 0, 'Block a (TextGenerator): HTTP 500 for s3.r0 after 7 ms'),
      failedUnit(4, 0, 'Block a (TextGenerator): HTTP 500 for s4.r0 after 1 ms'),
      failedUnit(5, 0, "Block b (JSONValidator): field 'answer' is not valid JSON"),
    ]);
    const report = await buildDatasetReport(store, jobId);
    assert.deepEqual(report.statuses, { pending: 1, accepted: 0, rejected: 0, failed: 5, total: 6 });
    assert.equal(report.failures.length, 2);
    const [http, json] = report.failures;
    assert.equal(http.reason, 'Block a (TextGenerator): HTTP # for <unit> after # ms');
    assert.equal(http.count, 4);
    assert.equal(http.examples.length, 3);
    const ids = (await collect(store, jobId)).filter((r) => r.status === 'failed').map((r) => r.id);
    assert.deepEqual(http.examples, ids.slice(0, 3));
    assert.deepEqual([json.reason, json.count], ['Block b (JSONValidator): field "…" is not valid JSON', 1]);
  });

  it('measures text fields in characters and tokens (p50, p90, max, histogram), chat transcripts included, and counts empty answers', async () => {
    const answers = ['one', 'two words', 'three small words', 'a somewhat longer answer of several words', ''];
    const { store, jobId } = await storeWith([
      ...answers.map((answer, i) => unit(i, 0, { answer })),
      unit(5, 0, { messages: [{ role: 'user', content: 'Hello there' }, { role: 'assistant', content: 'General Kenobi' }] }),
    ]);
    const report = await buildDatasetReport(store, jobId);
    const answer = report.textFields.find((f) => f.field === 'answer');
    assert.ok(answer);
    assert.equal(answer.count, 5);
    assert.equal(answer.empty, 1);
    const tokens = answers.filter((a) => a !== '').map(textTokens).sort((a, b) => a - b);
    assert.equal(answer.tokens.count, 4);
    assert.equal(answer.tokens.max, tokens[3]);
    assert.equal(answer.tokens.min, tokens[0]);
    assert.equal(answer.tokens.p50, tokens[1]);
    assert.equal(answer.tokens.p90, tokens[3]);
    assert.equal(answer.tokens.histogram.counts.reduce((s, c) => s + c, 0), 4);
    assert.equal(answer.chars.max, 'a somewhat longer answer of several words'.length);
    const chat = report.textFields.find((f) => f.field === 'messages');
    assert.equal(chat?.tokens.max, textTokens('Hello there\nGeneral Kenobi'));
    // The seed's own field is not a generated field.
    assert.equal(report.textFields.some((f) => f.field === 'topic'), false);
  });

  it('tokenizes an evenly spaced sample of records on large jobs, the longest value always', async () => {
    const answers = Array.from({ length: 12 }, (_, i) => prose(i, i === 5 ? 300 : 10 + i));
    const { store, jobId } = await storeWith(answers.map((answer, i) => unit(i, 0, { answer })));
    const [answer] = (await buildDatasetReport(store, jobId, { tokenSample: 4 })).textFields;
    assert.equal(answer.tokens.sampled, 4, 'records 0, 3, 6 and 9 (a stride of 3)');
    assert.equal(answer.tokens.count, 4);
    assert.equal(answer.tokens.max, textTokens(answers[5]), 'record 5 is not in the sample, but it is the longest');
    assert.equal(answer.chars.count, 12);
  });

  it('histograms numeric scores, nested ones by their path', async () => {
    const { store, jobId } = await storeWith([1, 2, 3, 4, 5].map((score, i) => unit(i, 0, { rating: { score, detail: { confidence: score / 10 } }, quality: score * 2 })));
    const report = await buildDatasetReport(store, jobId);
    const byField = new Map(report.scoreFields.map((s) => [s.field, s.values]));
    assert.deepEqual([...byField.keys()].sort(), ['quality', 'rating.detail.confidence', 'rating.score']);
    const score = byField.get('rating.score');
    assert.deepEqual([score?.count, score?.min, score?.max, score?.mean, score?.p50], [5, 1, 5, 3, 3]);
    assert.equal(score?.histogram.counts.reduce((s, c) => s + c, 0), 5);
    assert.equal(score?.histogram.counts[0], 1);
    assert.equal(score?.histogram.counts.at(-1), 1);
    assert.equal(byField.get('quality')?.max, 10);
  });

  it('finds exact and near duplicates within the job and against the seeds, and not unrelated texts', async () => {
    const base = prose(1, 120);
    const nearly = base.replace(/\.$/, ' and one more clause.');
    const seedText = prose(42, 80);
    const { store, jobId } = await storeWith([
      unit(0, 0, { answer: base }),
      unit(0, 1, { answer: base }),
      unit(1, 0, { answer: nearly }),
      unit(2, 0, { answer: prose(2, 120) }),
      unit(3, 0, { answer: prose(3, 120) }),
      unit(4, 0, { answer: seedText }, { passage: seedText }),
      unit(5, 0, { answer: `${seedText} Indeed.` }, { passage: seedText }),
    ]);
    const report = await buildDatasetReport(store, jobId);
    const ids = (await collect(store, jobId)).map((r) => r.id);
    const d = report.duplicates;
    assert.equal(d.exact, 1);
    assert.deepEqual(d.exactExamples, [{ recordId: ids[1], of: ids[0], similarity: 1 }]);
    // The nearly equal answer, and the seed's text with a word added next to the seed's text itself; the unrelated
    // answers (prose of other seeds over the same 20 words) are not near-duplicates.
    assert.deepEqual(d.nearExamples.map((e) => [e.recordId, e.of]), [[ids[2], ids[0]], [ids[6], ids[5]]]);
    assert.equal(d.near, 2);
    assert.ok(d.nearExamples.every((e) => e.similarity >= 0.8 && e.similarity < 1));
    assert.equal(d.exactSeed, 1);
    assert.equal(d.nearSeed, 1);
    assert.deepEqual(d.seedExamples.map((e) => [e.recordId, e.of, e.kind]), [[ids[5], 4, 'exact'], [ids[6], 4, 'near']], 'seeds 4 and 5 have the same text: the first one is named');
    assert.deepEqual(d.method, { shingleWords: 3, hashes: 64, bands: 16, rows: 4, threshold: 0.8 });
  });

  it('counts refused and empty answers by the documented patterns', async () => {
    const { store, jobId } = await storeWith([
      unit(0, 0, { answer: "I'm sorry, but I can't help with that." }),
      unit(1, 0, { answer: 'As an AI language model, I do not have opinions.' }),
      unit(2, 0, { answer: 'Paris is the capital of France.'.padEnd(400, ' ') + "I can't help with that, said nobody" }),
      unit(3, 0, { answer: '   ' }),
      unit(4, 0, { answer: 'Sure: here it is.' }),
    ]);
    const report = await buildDatasetReport(store, jobId);
    const ids = (await collect(store, jobId)).map((r) => r.id);
    assert.equal(report.refusals.count, 2, JSON.stringify(report.refusals.examples));
    assert.equal(report.refusals.empty, 1);
    assert.deepEqual(report.refusals.examples.map((e) => [e.recordId, e.field]), [[ids[0], 'answer'], [ids[1], 'answer']]);
    assert.match(report.refusals.examples[1].pattern, /As an AI language model/);
    assert.ok(report.refusals.patterns.length >= 5);
  });

  it('detects the language of text fields', async () => {
    const en = 'The committee reviewed the proposal carefully and decided that the budget should be increased next year to cover maintenance.';
    const fr = "Le comité a examiné la proposition avec attention et a décidé que le budget devrait être augmenté l'année prochaine pour couvrir l'entretien.";
    const de = 'Der Ausschuss hat den Vorschlag sorgfältig geprüft und beschlossen, dass das Budget im nächsten Jahr erhöht werden sollte, um die Wartung zu decken.';
    const { store, jobId } = await storeWith([unit(0, 0, { answer: en }), unit(1, 0, { answer: fr }), unit(2, 0, { answer: de }), unit(3, 0, { answer: en })]);
    const report = await buildDatasetReport(store, jobId);
    assert.deepEqual(report.textFields[0].languages, [{ language: 'eng', count: 2 }, { language: 'deu', count: 1 }, { language: 'fra', count: 1 }]);
  });

  it("checks JSON fields against the job's majority shape, or the pipeline's JSON Schema when it has one", async () => {
    const shaped = (i: number) => unit(i, 0, { review: { verdict: 'ok', score: i } });
    const { store, jobId } = await storeWith([shaped(0), shaped(1), shaped(2), unit(3, 0, { review: { verdict: 'ok' } })]);
    const majority = (await buildDatasetReport(store, jobId)).schemaFields;
    const ids = (await collect(store, jobId)).map((r) => r.id);
    assert.deepEqual(majority, [{ field: 'review', count: 4, conforming: 3, against: 'majority-shape', shape: '{score:number,verdict:string}', examples: [{ recordId: ids[3], problem: 'shape {verdict:string}' }] }]);

    const pipeline = { version: 1 as const, name: 'p', edges: [], blocks: [{ id: 's', type: 'StructuredGenerator', config: { json_schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } }, position: { x: 0, y: 0 } }] };
    const schemaJob = await storeWith([unit(0, 0, { generated: { name: 'Ada' } }), unit(1, 0, { generated: { name: 3 } }), unit(2, 0, { generated: { other: true } })], { pipelineSnapshot: pipeline });
    const [generated] = (await buildDatasetReport(schemaJob.store, schemaJob.jobId)).schemaFields;
    assert.equal(generated.against, 'json-schema');
    assert.deepEqual([generated.count, generated.conforming, generated.examples.length], [3, 1, 2]);
    assert.match(generated.examples[0].problem, /name.*string/);
    assert.match(generated.examples[1].problem, /missing required property "name"/);
  });

  it('reports token usage, and the cost at the prices the plan used (else the prices given)', async () => {
    const plan = { units: 2, calls: 2, inputTokens: 1, outputTokens: 1, outputSource: 'none', costComplete: true, prices: { perKInput: 0.5, perKOutput: 2 } };
    const { store, jobId } = await storeWith([unit(0, 0, { a: 'x' }), unit(1, 0, { a: 'y' })], { metadata: { plan } });
    const usage = (await buildDatasetReport(store, jobId)).usage;
    assert.deepEqual(usage, { inputTokens: 2000, outputTokens: 1000, cachedTokens: 0, prices: { perKInput: 0.5, perKOutput: 2, source: 'plan' }, cost: 3 });
    const other = await storeWith([unit(0, 0, { a: 'x' })]);
    assert.equal((await buildDatasetReport(other.store, other.jobId)).usage.cost, undefined);
    const priced = (await buildDatasetReport(other.store, other.jobId, { prices: { perKInput: 1, perKOutput: 1 } })).usage;
    assert.deepEqual([priced.cost, priced.prices?.source], [1.5, 'settings']);
  });

  it('streams: pages of at most 500 records, each asked for only once the previous one was scanned', async () => {
    const total = 2300;
    const requests: { after?: number; limit: number; scanned: number }[] = [];
    let scanned = 0;
    const record = (id: number): RecordSummary => ({ id, jobId: 1, unitKey: `s${id}.r0`, seedIndex: id, status: 'pending', edited: false, output: { topic: `t${id}`, answer: prose(id, 30) }, metadata: { topic: `t${id}` }, error: null, createdAt: '', updatedAt: '' });
    const source: ReportSource = {
      getJob: (id) => ({ id, pipelineName: 'p', pipelinePath: 'p.dgf.json', pipelineHash: '', pipelineSnapshot: { version: 1, name: 'p', blocks: [], edges: [] }, seedsPath: null, seedsHash: null, modelSettings: {}, status: 'completed', total, generated: total, failed: 0, usage: { input_tokens: 0, output_tokens: 0, cached_tokens: 0 }, error: null, startedAt: '', finishedAt: null, createdAt: '', elapsedMs: null, metadata: {} }),
      statusCounts: () => ({ pending: total, accepted: 0, rejected: 0, failed: 0, total }),
      // Records are made on request: the source holds none, so whatever the report keeps it keeps itself.
      pageRecords: (_job: number, q: PageQuery) => {
        requests.push({ ...(q.after !== undefined ? { after: q.after } : {}), limit: q.limit, scanned });
        const from = (q.after ?? 0) + 1;
        return Array.from({ length: Math.max(0, Math.min(q.limit, total - from + 1)) }, (_, i) => record(from + i));
      },
    };
    const progress: number[] = [];
    const report = await buildDatasetReport(source, 1, { onProgress: (p) => progress.push(p.done) });
    scanned = report.records;
    assert.equal(report.records, total);
    assert.deepEqual(progress, [1000, 2000, 2300]);
    assert.ok(requests.every((r) => r.limit <= 500));
    assert.deepEqual(requests.map((r) => r.after), [undefined, 500, 1000, 1500, 2000]);
    // Laziness: a second walk interleaved with the consumer asks for page n+1 only after page n was consumed.
    const seen: number[] = [];
    let pagesAsked = 0;
    const counting: ReportSource['pageRecords'] = (job, q) => {
      pagesAsked++;
      return source.pageRecords(job, q);
    };
    for await (const r of jobRecordPages({ pageRecords: counting }, 1)) {
      seen.push(r.id);
      assert.equal(pagesAsked, Math.ceil(seen.length / 500), `page asked ahead at record ${r.id}`);
    }
    assert.equal(seen.length, total);
  });
});

async function collect(store: { pageRecords(jobId: number, q: PageQuery): RecordSummary[] }, jobId: number): Promise<RecordSummary[]> {
  const out: RecordSummary[] = [];
  for await (const r of jobRecordPages(store, jobId)) out.push(r);
  return out;
}
