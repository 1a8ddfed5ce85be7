import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { checkEndpoints, createEngine, type CliIo } from '../../../src/cli/engineSetup';
import type { PipelineFile } from '../../../src/core/pipeline/pipelineTypes';
import { FakeOpenAiServer } from '../../fixtures/fakeOpenAiServer';
import { runCli, twoStepPipeline, workspace } from './cliHarness';

const pipeline = { version: 1, name: 'one', blocks: [{ id: 'g', type: 'TextGenerator', config: { user_prompt: 'hi' }, position: { x: 0, y: 0 } }], edges: [] } as unknown as PipelineFile;
// Small waits and a short timeout per attempt, passed as options: the test stays quick and asserts no timings.
const FAST = { baseDelayMs: 1, maxDelayMs: 2, attemptTimeoutMs: 300 };

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  assert.ok(address !== null && typeof address === 'object');
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return address.port;
}

describe('endpoint check before a run (retry policy, per-attempt timeout)', function () {
  this.timeout(30_000);
  let server: FakeOpenAiServer;
  let lines: string[];
  beforeEach(async () => {
    server = await FakeOpenAiServer.start();
    lines = [];
  });
  afterEach(() => server.close());

  async function check(baseUrl: string, options: Parameters<typeof checkEndpoints>[3] = {}, signal = new AbortController().signal): Promise<string | undefined> {
    const io = { stdout: process.stdout, stderr: { write: (text: string) => lines.push(...text.split('\n').filter(Boolean)) }, interrupt: signal } as unknown as CliIo;
    const engine = await createEngine({ workspace: '/nonexistent-workspace', baseUrl, model: 'fake-model', json: false }, io);
    return checkEndpoints(engine, pipeline, signal, { ...FAST, ...options });
  }

  it('one 500 then an answer: the run may proceed, and the wait was announced', async () => {
    server.failNext('500', 1);
    assert.equal(await check(server.baseUrl), undefined);
    assert.equal(server.counters.chat, 2);
    assert.equal(lines.length, 1);
    assert.match(lines[0], new RegExp(`^endpoint ${server.baseUrl.replace(/[./]/g, '\\$&')} \\(model cli\\) not answering \\(HTTP 500\\), retrying in [\\d.]+ s \\(2/5\\)…$`));
  });

  it('a persistent 500 is refused with the reason, after the bounded attempts', async () => {
    server.failNext('500', 10);
    const message = await check(server.baseUrl, { attempts: 3 });
    assert.match(message ?? '', /Could not run: the endpoint of model 'cli' does not answer: .*HTTP 500.*gave up after 3 attempts/);
    assert.equal(server.counters.chat, 3);
    assert.deepEqual(lines.map((l) => l.match(/\((\d\/\d)\)…$/)?.[1]), ['2/3', '3/3']);
  });

  it('401 is refused at once, without retrying', async () => {
    server.options.apiKey = 'sk-right-key';
    const message = await check(server.baseUrl);
    assert.match(message ?? '', /Authentication failed .*HTTP 401/);
    assert.equal(server.counters.chat, 1);
    assert.deepEqual(lines, []);
  });

  it('a hang costs one attempt timeout, then the next attempt answers', async () => {
    server.failNext('hang', 1);
    assert.equal(await check(server.baseUrl), undefined);
    assert.equal(server.counters.chat, 2);
    assert.match(lines[0], /not answering \(no answer in time\), retrying in .* \(2\/5\)…/);
  });

  it('connection refused is refused after the retries, saying so', async () => {
    const message = await check(`http://127.0.0.1:${await closedPort()}/v1`, { attempts: 2 });
    assert.match(message ?? '', /connection refused.*gave up after 2 attempts/);
    assert.match(lines[0], /not answering \(connection refused\), retrying in .* \(2\/2\)…/);
  });

  it('a port fetch refuses to connect to is refused at once: no retry can fix it', async () => {
    const message = await check('http://127.0.0.1:9/v1');
    assert.match(message ?? '', /unsafe ports/);
    assert.deepEqual(lines, []);
  });

  it('Ctrl+C stops the waiting at once', async () => {
    server.failNext('500', 10);
    const controller = new AbortController();
    const pending = check(server.baseUrl, { baseDelayMs: 60_000, maxDelayMs: 60_000, onRetry: () => controller.abort() }, controller.signal);
    assert.match((await pending) ?? '', /cancelled/);
    assert.equal(server.counters.chat, 1);
  });

  describe('through the real CLI', () => {
    it('run proceeds after one 500 from the endpoint check, and says what it waited for', async () => {
      const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': [{ repetitions: 1, metadata: { topic: 'tea' } }] });
      server.failNext('500', 1);
      const result = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl, '--retries', '0'], { cwd: ws });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /not answering \(HTTP 500\), retrying in .* \(2\/5\)…/);
      assert.equal(server.counters.chat, 4, 'two check requests, then the two blocks of the one unit');
    });

    it('run is refused at once on 401, exit 1, one request', async () => {
      const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': [{ repetitions: 1, metadata: { topic: 'tea' } }] });
      server.options.apiKey = 'sk-right-key';
      const result = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl], { cwd: ws, env: { DATAGENFLOW_API_KEY: 'sk-wrong-key' } });
      assert.equal(result.code, 1);
      assert.match(result.stderr, /Could not run: .*HTTP 401/);
      assert.equal(server.counters.chat, 1);
    });
  });
});
