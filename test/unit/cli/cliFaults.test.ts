import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FakeOpenAiServer } from '../../fixtures/fakeOpenAiServer';
import { runCli, workspace } from './cliHarness';

const schema = { type: 'object', properties: { title: { type: 'string' } }, required: ['title'], additionalProperties: false };
const pipeline = {
  version: 1,
  name: 'Structured',
  blocks: [{ id: 'gen', type: 'StructuredGenerator', config: { json_schema: schema, user_prompt: 'About {{ topic }}' }, position: { x: 0, y: 0 } }],
  edges: [
    { source: 'start', target: 'gen' },
    { source: 'gen', target: 'end' },
  ],
};
const seeds = ['tea', 'bad-one', 'rivers', 'bad-two', 'owls', 'maps'].map((topic) => ({ repetitions: 1, metadata: { topic } }));

async function exported(ws: string, ...args: string[]): Promise<Record<string, unknown>[]> {
  const out = `out-${args.join('-') || 'all'}.jsonl`;
  const result = await runCli(['export', '--job', '1', '--out', out, ...args], { cwd: ws });
  assert.equal(result.code, 0, result.stderr);
  return (await readFile(join(ws, out), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('a fault is a failure, not a record (StructuredGenerator through the CLI)', function () {
  this.timeout(60_000);
  let server: FakeOpenAiServer;
  beforeEach(async () => {
    server = await FakeOpenAiServer.start();
  });
  afterEach(() => server.close());

  it('units whose endpoint keeps answering 500 fail (exit 3); no json_object fallback, no off-schema record', async () => {
    server.options.faultFor = (req) => (req.response_format !== undefined && req.messages[0].content.includes('bad-') ? '500' : undefined);
    const ws = await workspace({ 'p.dgf.json': pipeline, 'seeds.json': seeds });
    const run = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl, '--retries', '1', '--concurrency', '2'], { cwd: ws });
    assert.equal(run.code, 3, run.stderr);
    assert.ok(!server.counters.responseFormats.includes('json_object'), 'never asked for json_object after a 5xx');
    const generated = await exported(ws);
    assert.equal(generated.length, 4);
    for (const record of generated) assert.equal(typeof ((record.accumulated_state as { generated: { title?: unknown } }).generated.title), 'string');
    const failed = await exported(ws, '--status', 'failed');
    assert.deepEqual(failed.map((r) => (r.metadata as { topic: string }).topic).sort(), ['bad-one', 'bad-two']);
    for (const record of failed) assert.match(String(record.error), /HTTP 500/);
  });

  it('a fraction of 500s is absorbed by retries: every unit generated on schema, exit 0', async () => {
    let n = 0;
    server.options.faultFor = (req) => (req.response_format !== undefined && ++n % 3 === 0 ? '500' : undefined);
    const ws = await workspace({ 'p.dgf.json': pipeline, 'seeds.json': seeds });
    const run = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl, '--retries', '2', '--concurrency', '1'], { cwd: ws });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(server.counters.byStatus[500] > 0, 'faults were injected');
    assert.ok(!server.counters.responseFormats.includes('json_object'));
    assert.equal((await exported(ws)).length, 6);
  });

  it('an endpoint that rejects json_schema with a 400 naming response_format still gets json_object', async () => {
    server.options.rejectJsonSchema = true;
    const ws = await workspace({ 'p.dgf.json': pipeline, 'seeds.json': seeds.slice(0, 2) });
    const run = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl], { cwd: ws });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(server.counters.responseFormats.filter((f) => f === 'json_object').length, 2);
  });
});
