import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FakeOpenAiServer } from '../../fixtures/fakeOpenAiServer';
import { runCli, twoStepPipeline, workspace } from './cliHarness';

const seeds = [
  { repetitions: 2, metadata: { topic: 'tea' } },
  { repetitions: 1, metadata: { topic: 'rivers' } },
];

async function records(file: string) {
  return (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('datagenflow CLI', function () {
  this.timeout(30_000);
  let server: FakeOpenAiServer;
  beforeEach(async () => {
    server = await FakeOpenAiServer.start({ latencyMs: 5 });
  });
  afterEach(() => server.close());

  it('prints usage and exits 2 on a bad command', async () => {
    const r = await runCli(['frobnicate'], { cwd: await workspace({}) });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command 'frobnicate'/);
  });

  it('--help documents the exit codes', async () => {
    const r = await runCli(['--help'], { cwd: await workspace({}) });
    assert.equal(r.code, 0);
    for (const code of ['0 ', '1 ', '2 ', '3 ', '130 ']) assert.ok(r.stdout.includes(`\n  ${code}`), `exit code ${code} documented`);
  });

  it('verify prints clickable file:line:col problems and exits 1', async () => {
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': [{ repetitions: -1, metadata: { topic: 1 } }, { metadata: { other: 1 } }] });
    const r = await runCli(['verify', 'p.dgf.json', 'seeds.json'], { cwd: ws });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^seeds\.json:3:\d+: error: .*repetitions must be a positive integer/m);
    assert.match(r.stdout, /^seeds\.json:\d+:\d+: error: .*"topic".*"question" \(TextGenerator\)/m);
  });

  // The case (TextGenerator → ValidatorBlock, which reads text or assistant) and
  // tests/test_api.py::TestAPISeedValidation::test_validate_multiple_seeds_aggregated_errors (one error for the
  // seeds missing `topic`), through `datagenflow verify`.
  it('verify accepts seeds without text before a ValidatorBlock, and prints a field missing from several seeds once, with each seed\'s place', async () => {
    const validated = twoStepPipeline({ id: 'check', type: 'ValidatorBlock', config: { min_length: 1 }, position: { x: 0, y: 200 } });
    const ws = await workspace({ 'p.dgf.json': validated, 'seeds.json': seeds, 'bad.json': [{ metadata: {} }, { metadata: { topic: 't' } }, { metadata: { other: 1 } }] });
    const ok = await runCli(['verify', 'p.dgf.json', 'seeds.json'], { cwd: ws });
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.equal(ok.stdout, 'seeds.json: 2 seed(s) OK for p.dgf.json\n');
    const bad = await runCli(['verify', 'p.dgf.json', 'bad.json'], { cwd: ws });
    assert.equal(bad.code, 1);
    assert.deepEqual(bad.stdout.split('\n').slice(0, 3), [
      'bad.json:3:5: error: Seed 1 and Seed 3 are missing field "topic" in their metadata, needed by block "question" (TextGenerator). Add it to each seed\'s "metadata".',
      '  bad.json:3:5: Seed 1',
      '  bad.json:11:5: Seed 3',
    ]);
  });

  it('verify prints a field every document of a seed folder lacks once, with one clickable line per document file', async () => {
    const chunked = {
      version: 1,
      name: 'Chunks',
      blocks: [
        { id: 'split', type: 'MarkdownMultiplierBlock', config: {}, position: { x: 0, y: 0 } },
        { id: 'ask', type: 'TextGenerator', config: { user_prompt: '{{ topic }}: {{ chunk_text }}' }, position: { x: 0, y: 100 } },
      ],
      edges: [
        { source: 'start', target: 'split' },
        { source: 'split', target: 'ask' },
        { source: 'ask', target: 'end' },
      ],
    };
    const ws = await workspace({ 'p.dgf.json': chunked, 'docs/a.md': '# A\nText a.\n', 'docs/b.md': '# B\nText b.\n' });
    const r = await runCli(['verify', 'p.dgf.json', 'docs'], { cwd: ws });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const lines = r.stdout.split('\n');
    assert.match(lines[0], /^docs\/a\.md(:\d+:\d+)?: error: All 2 seeds are missing field "topic" in their metadata, needed by block "ask" \(TextGenerator\)\. A Markdown seed carries only its text/);
    assert.match(lines[1], /^  docs\/a\.md(:\d+:\d+)?: /);
    assert.match(lines[2], /^  docs\/b\.md(:\d+:\d+)?: /);
  });

  it('verify exits 0 for good seeds', async () => {
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': seeds });
    const r = await runCli(['verify', 'p.dgf.json', 'seeds.json'], { cwd: ws });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /2 seed\(s\) OK/);
  });

  it('run refuses a broken pipeline with file:line:col and exits 1', async () => {
    const ws = await workspace({ 'p.dgf.json': '{\n  "version": 1,\n  "name": "x",\n  "blocks": [ { "id": "a", "type": "Nope", } ]\n}\n', 'seeds.json': seeds });
    const r = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl], { cwd: ws });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^p\.dgf\.json:4:\d+: error:/m);
    assert.equal(server.counters.chat, 0);
  });

  it('run writes one JSONL record per unit and a JSON summary as the last stdout line', async () => {
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': seeds });
    const r = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl, '--model', 'fake-model', '--out', 'out.jsonl', '--json'], {
      cwd: ws,
      env: { DATAGENFLOW_API_KEY: 'sk-secret-123' },
    });
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '') as Record<string, unknown>;
    assert.equal(summary.status, 'completed');
    assert.equal(summary.total, 3);
    assert.equal(summary.generated, 3);
    assert.equal(summary.failed, 0);
    assert.equal(typeof summary.durationMs, 'number');
    assert.ok(server.counters.authHeaders.includes('Bearer sk-secret-123'));
    const text = await readFile(join(ws, 'out.jsonl'), 'utf8');
    assert.ok(!text.includes('sk-secret-123'), 'the key never reaches the output');
    const recs = await records(join(ws, 'out.jsonl'));
    assert.deepEqual(recs.map((x) => x.id).sort(), ['s0.r0', 's0.r1', 's1.r0']);
    const rec = recs.find((x) => x.id === 's1.r0');
    assert.deepEqual(rec?.metadata, { topic: 'rivers' });
    assert.equal((rec?.accumulated_state as Record<string, unknown>).assistant, 'Echo: Answer: Echo: Ask about rivers');
    assert.ok(!('topic' in (rec?.accumulated_state as object)), 'metadata keys are not repeated in accumulated_state');
    assert.equal(server.counters.lastChat?.model, 'fake-model');
  });

  it('exits 3 when some units fail, and keeps the failures with their errors', async () => {
    const strict = { id: 'check', type: 'JSONValidatorBlock', config: { strict: true }, position: { x: 0, y: 200 } };
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(strict), 'seeds.json': seeds });
    server.options.reply = (req) => {
      const prompt = req.messages[0].content;
      if (prompt.startsWith('Ask about')) return prompt.includes('tea') ? 'tea?' : 'other?';
      return prompt.includes('tea') ? 'not json' : '{"ok":true}';
    };
    const r = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl, '--out', 'out.jsonl', '--json'], { cwd: ws });
    assert.equal(r.code, 3, r.stderr);
    const recs = await records(join(ws, 'out.jsonl'));
    const failed = recs.filter((x) => x.status === 'failed');
    assert.equal(failed.length, 2);
    assert.match(String(failed[0].error), /Block 'check' \(JSONValidatorBlock\) failed: invalid JSON/);
  });

  it('exits 1 naming the endpoint when it cannot be reached', async () => {
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': seeds });
    const r = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', 'http://127.0.0.1:9/v1', '--retries', '0'], { cwd: ws });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Could not run: .*127\.0\.0\.1:9/);
  });

  it('reads models from .vscode/settings.json; flags win', async () => {
    const settings = { 'datagenflow.models': [{ name: 'local', baseUrl: server.baseUrl, model: 'from-settings' }], 'datagenflow.concurrency': 2 };
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': seeds, '.vscode/settings.json': settings });
    const r1 = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--out', 'a.jsonl'], { cwd: ws });
    assert.equal(r1.code, 0, r1.stderr);
    assert.equal(server.counters.lastChat?.model, 'from-settings');
    const r2 = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--out', 'b.jsonl', '--model', 'flag-model'], { cwd: ws });
    assert.equal(r2.code, 0, r2.stderr);
    assert.equal(server.counters.lastChat?.model, 'flag-model');
  });

  it('Ctrl+C cancels with exit 130 keeping finished records; --resume runs exactly the rest', async () => {
    const many = [{ repetitions: 40, metadata: { topic: 'tea' } }];
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': many });
    server.options.latencyMs = 40;
    const args = ['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl, '--out', 'out.jsonl', '--concurrency', '2'];
    const lines = async () => (await readFile(join(ws, 'out.jsonl'), 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
    const r = await runCli(args, { cwd: ws, interruptWhen: async () => (await lines()) >= 3 });
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /Cancelling/);
    const first = await records(join(ws, 'out.jsonl'));
    assert.ok(first.length >= 3 && first.length < 40, `kept ${first.length} records`);
    server.options.latencyMs = 1;
    const again = await runCli([...args, '--resume', '--json'], { cwd: ws });
    assert.equal(again.code, 0, again.stderr);
    const all = await records(join(ws, 'out.jsonl'));
    assert.equal(all.length, 40);
    assert.equal(new Set(all.map((x) => x.id)).size, 40, 'no duplicates');
  });
});
