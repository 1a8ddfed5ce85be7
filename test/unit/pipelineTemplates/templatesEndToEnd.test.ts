import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import { FakeOpenAiServer, type FakeChatRequest } from '../../fixtures/fakeOpenAiServer';
import { isObject, outputOf, runTemplate } from './templateRun';

// Every template, unchanged, through the real runner and store against the fake OpenAI server: the records must
// carry what the template's last blocks promise. Where the fake's default answers (echo, schema-shaped filler,
// {"answer": …}) would not exercise a block, `reply` plays the model.
const templatesDir = resolve(__dirname, '..', '..', '..', 'templates');
const registry = createBlockRegistry();

function template(id: string): { blocks: { id: string; config: Record<string, unknown> }[] } {
  return JSON.parse(readFileSync(resolve(templatesDir, `${id}.dgf.json`), 'utf8')) as { blocks: { id: string; config: Record<string, unknown> }[] };
}

function userMessage(req: FakeChatRequest): string {
  return req.messages.findLast((m) => m.role === 'user')?.content ?? '';
}

describe('built-in templates end to end (fake OpenAI server)', function () {
  this.timeout(60_000);
  let server: FakeOpenAiServer;
  let requests: FakeChatRequest[];
  beforeEach(async () => {
    // 64 dimensions: the fake's hash vectors of different texts then never come near a 0.85 similarity by chance.
    server = await FakeOpenAiServer.start({ embeddingDims: 64 });
    requests = [];
  });
  afterEach(() => server.close());

  it('json_generation: parsed_json with title and description per seed', async () => {
    const { summary, records } = await runTemplate('json_generation', registry, server);
    assert.equal(summary.status, 'completed');
    assert.equal(records.length, 2);
    for (const record of records) {
      const out = outputOf(record);
      assert.equal(out.valid, true);
      assert.ok(isObject(out.parsed_json));
      assert.equal(typeof out.parsed_json.title, 'string');
      assert.equal(typeof out.parsed_json.description, 'string');
    }
  });

  it('text_classification: parsed_json with a known category and a confidence in [0, 1]', async () => {
    const { summary, records } = await runTemplate('text_classification', registry, server);
    assert.equal(summary.status, 'completed');
    assert.equal(records.length, 3);
    for (const record of records) {
      const out = outputOf(record);
      assert.equal(out.valid, true);
      assert.ok(isObject(out.parsed_json));
      assert.ok(['environment', 'technology', 'health', 'finance', 'sports'].includes(String(out.parsed_json.category)));
      assert.ok(Number(out.parsed_json.confidence) >= 0 && Number(out.parsed_json.confidence) <= 1);
    }
  });

  it('qa_generation: one record per Markdown section, each with 3–5 validated qa_pairs', async () => {
    server.options.reply = (req) => void requests.push(req);
    const { summary, records } = await runTemplate('qa_generation', registry, server);
    assert.equal(summary.status, 'completed');
    assert.equal(summary.failed, 0);
    const markdown = readFileSync(resolve(templatesDir, 'qa_generation.seeds.md'), 'utf8');
    const headings = markdown.split('\n').filter((l) => /^#{1,6} /.test(l));
    // Every section is well under 512 tokens, so each heading starts exactly one chunk.
    assert.equal(records.length, headings.length);
    records.forEach((record, i) => {
      const out = outputOf(record);
      assert.equal(out.chunk_index, i);
      assert.ok(String(out.chunk_text).startsWith(`${headings[i]}\n`), `chunk ${i} starts at its heading`);
      assert.equal(out.valid, true);
      assert.ok(isObject(out.parsed_json));
      const pairs = out.parsed_json.qa_pairs;
      assert.ok(Array.isArray(pairs) && pairs.length >= 3 && pairs.length <= 5, `chunk ${i}: ${JSON.stringify(pairs)}`);
      for (const pair of pairs) assert.ok(isObject(pair) && typeof pair.question === 'string' && typeof pair.answer === 'string');
    });

    // The questions step sees the chunk; the answers step sees the chunk and the questions, with the strict schema.
    const config = template('qa_generation').blocks;
    const asks = requests.filter((r) => r.response_format === undefined);
    const answers = requests.filter((r) => isObject(r.response_format) && r.response_format.type === 'json_schema');
    assert.equal(asks.length, headings.length);
    assert.equal(answers.length, headings.length);
    for (const ask of asks) {
      assert.deepEqual(ask.messages.map((m) => m.role), ['system', 'user']);
      assert.equal(ask.messages[0].content, config[1].config.system_prompt);
      assert.match(userMessage(ask), /^Now generate questions for this text:\n#{1,2} /);
      assert.equal(ask.temperature, 0.8);
      assert.equal(ask.max_tokens, 1024);
    }
    const sectionTwo = answers.find((r) => userMessage(r).includes('\nPassage:\n## What lives in the jar\n'));
    assert.ok(sectionTwo, 'an answer prompt carries the chunk');
    assert.match(userMessage(sectionTwo), /\nQuestions:\nEcho: Now generate questions for this text:\n## What lives in the jar\n/);
    assert.deepEqual(sectionTwo.response_format, {
      type: 'json_schema',
      json_schema: { name: 'response', schema: config[2].config.json_schema, strict: true },
    });
  });

  it('data_augmentation: 10 generated_samples within the seed categories, a copied seed flagged as duplicate', async () => {
    const seed = JSON.parse(readFileSync(resolve(templatesDir, 'data_augmentation.seeds.json'), 'utf8')) as { metadata: { samples: Record<string, unknown>[] } }[];
    const seedSamples = seed[0].metadata.samples;
    let n = 0;
    server.options.reply = (req) => {
      const user = userMessage(req);
      if (!user.startsWith('Generate one record as a JSON object')) return undefined;
      requests.push(req);
      n++;
      // The fourth record copies a seed word for word: the duplicate remover must catch exactly that one.
      if (n === 4) return JSON.stringify({ description: seedSamples[0].description, price: 24.5 });
      const category = /^- category: "([^"]+)" \(FIXED\)$/m.exec(user)?.[1] ?? '?';
      const [, low, high] = /^- price: between ([\d.]+) and ([\d.]+)$/m.exec(user) ?? [];
      const price = Number(low) + ((Number(high) - Number(low)) * n) / 20;
      return JSON.stringify({ description: `A ${category} product, model ${n}, made for a different job than model ${n - 1}.`, price, category: 'changed by the model' });
    };
    const { summary, records } = await runTemplate('data_augmentation', registry, server);
    assert.equal(summary.status, 'completed');
    assert.equal(records.length, 1);
    const out = outputOf(records[0]);
    const generated = out.generated_samples;
    assert.ok(Array.isArray(generated));
    assert.equal(generated.length, 10);
    const categories = new Set(seedSamples.map((s) => s.category));
    for (const sample of generated) {
      assert.ok(isObject(sample));
      assert.ok(categories.has(sample.category), `the sampled category is kept over the model's: ${String(sample.category)}`);
      assert.equal(typeof sample.description, 'string');
      assert.ok(typeof sample.price === 'number' && sample.price >= 12 && sample.price <= 89);
      assert.equal(typeof sample.similarity_to_seeds, 'number');
      assert.equal(typeof sample.similarity_to_generated, 'number');
      assert.ok(!Object.keys(sample).some((k) => k.startsWith('_')), 'no hints left in the records');
    }
    const duplicates = generated.filter((s) => isObject(s) && s.is_duplicate === true);
    assert.equal(duplicates.length, 1);
    assert.equal(isObject(duplicates[0]) && duplicates[0].similarity_to_seeds, 1);
    assert.equal(requests.length, 10, 'one infiller call per skeleton, no diversity retries');
    for (const req of requests) {
      assert.equal(req.temperature, 0.8);
      assert.equal(req.max_tokens, 200);
    }
    assert.ok(server.counters.embeddings > 0);
  });

  it('ragas_evaluation: FieldMapper lays out the QA pair, RagasMetrics scores it and decides passed', async () => {
    const pairs = [
      {
        topic: 'Tides are caused',
        question: 'Why do most coasts see two high tides a day?',
        answer: "The Moon's gravity stretches the oceans into two bulges, and the turning Earth carries most coasts through both of them every day.",
        ground_truth: "The Moon's pull stretches the oceans into two bulges, one towards the Moon and one away from it; as the Earth turns, a coast passes through both.",
        contexts: ["It pulls hardest on the side of the Earth facing it and least on the far side, which stretches the oceans into two bulges, one towards the Moon and one away from it."],
        statements: ["The Moon's gravity stretches the oceans into two bulges.", 'The turning Earth carries most coasts through both bulges every day.'],
      },
      {
        topic: 'A web browser can keep copies',
        question: 'What does the server answer when a stale copy has not changed?',
        answer: 'It answers 304 Not Modified with an empty body, usually within a millisecond.',
        ground_truth: 'The server answers 304 Not Modified with an empty body.',
        contexts: ['if nothing changed, the server answers 304 Not Modified with an empty body'],
        // The last claim is not in the text: faithfulness 2/3, below the 0.7 threshold.
        statements: ['The server answers 304 Not Modified.', 'The 304 answer has an empty body.', 'The server answers within a millisecond.'],
      },
    ];
    const unsupported = 'The server answers within a millisecond.';
    const byAnswer = (text: string) => pairs.find((p) => text.includes(p.answer));
    server.options.reply = (req) => {
      const user = userMessage(req);
      requests.push(req);
      const generating = pairs.find((p) => user.includes(`Text: ${p.topic}`));
      if (generating) {
        const { question, answer, ground_truth, contexts } = generating;
        return JSON.stringify({ question, answer, ground_truth, contexts });
      }
      if (user.startsWith('Split the ANSWER below')) return JSON.stringify({ statements: byAnswer(user)?.statements ?? [] });
      if (user.includes('numbered STATEMENTS')) {
        const listed = [...user.matchAll(/^\d+\. (.*)$/gm)].map((m) => m[1]);
        return JSON.stringify({ verdicts: listed.map((s, i) => ({ statement: i + 1, reason: 'checked', supported: s !== unsupported })) });
      }
      if (user.startsWith('Read the ANSWER below')) {
        const question = byAnswer(user)?.question ?? '';
        return JSON.stringify({ questions: [question, question, question], noncommittal: false });
      }
      if (user.startsWith('Decide whether the CONTEXT below was useful')) return JSON.stringify({ reason: 'it states the answer', useful: true });
      if (user.startsWith('Split the REFERENCE ANSWER below')) return JSON.stringify({ statements: [{ statement: 'the reference', reason: 'in context 1', attributed: true }] });
      return undefined;
    };
    const { summary, records } = await runTemplate('ragas_evaluation', registry, server);
    assert.equal(summary.status, 'completed');
    assert.equal(records.length, 2);
    const expected = [
      { faithfulness: 1, answer_relevancy: 1, context_precision: 1, context_recall: 1, passed: true },
      { faithfulness: 0.6667, answer_relevancy: 1, context_precision: 1, context_recall: 1, passed: false },
    ];
    records.forEach((record, i) => {
      const out = outputOf(record);
      const { question, answer, ground_truth, contexts } = pairs[i];
      assert.deepEqual({ question: out.question, answer: out.answer, ground_truth: out.ground_truth, contexts: out.contexts }, { question, answer, ground_truth, contexts });
      assert.deepEqual(out.ragas_scores, expected[i]);
      assert.equal(out._ragas_errors, undefined);
    });
    assert.ok(server.counters.embeddings >= 2, 'answer_relevancy embeds the questions');
    const judged = requests.filter((r) => isObject(r.response_format) && r.response_format.type === 'json_object');
    assert.ok(judged.length >= 2 * 5, `every metric asked the judge (${judged.length} calls)`);
  });

  it('multi_turn_chat: a dialogue per seed, user first, ending with the assistant, checked turn by turn', async () => {
    server.options.reply = (req) => {
      requests.push(req);
      const simulatingUser = req.messages[0]?.content.startsWith('You play the USER');
      const turn = req.messages.filter((m) => m.role !== 'system').length;
      return simulatingUser ? `User question number ${turn}?` : `A careful, complete answer to question ${turn}, with the steps spelled out.`;
    };
    const { summary, records } = await runTemplate('multi_turn_chat', registry, server);
    assert.equal(summary.status, 'completed');
    assert.equal(records.length, 5);
    for (const record of records) {
      const out = outputOf(record);
      const messages = out.messages as { role: string; content: string }[];
      assert.equal(messages[0].role, 'system');
      assert.match(messages[0].content, /^You are /);
      const dialogue = messages.slice(1);
      assert.ok(dialogue.length >= 4 && dialogue.length <= 8 && dialogue.length % 2 === 0, `2–4 exchanges, got ${dialogue.length} messages`);
      dialogue.forEach((m, i) => assert.equal(m.role, i % 2 === 0 ? 'user' : 'assistant'));
      assert.equal(out.valid, true);
    }
    assert.equal(requests.length, records.reduce((n, r) => n + (outputOf(r).messages as unknown[]).length - 1, 0), 'one call per message');
  });
});
