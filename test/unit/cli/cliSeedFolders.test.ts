import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FakeOpenAiServer } from '../../fixtures/fakeOpenAiServer';
import { runCli, workspace } from './cliHarness';

// A folder of Markdown files as the seeds of a multiplier pipeline: `--seeds docs/`, one document per file. The
// original feeds a multiplier one document per seed (nicofretti/DataGenFlow lib/job_processor.py; chunking pinned
// by tests/blocks/test_markdown_multiplier.py::test_markdown_multiplier_basic). Before this change the CLI read
// `docs/` as a file and failed (EISDIR).
const chunker = {
  version: 1,
  name: 'Docs QA',
  blocks: [
    { id: 'split', type: 'MarkdownMultiplierBlock', config: {}, position: { x: 0, y: 0 } },
    { id: 'ask', type: 'TextGenerator', config: { user_prompt: 'Ask about {{ chunk_text }} from {{ source_file }}' }, position: { x: 0, y: 100 } },
  ],
  edges: [
    { source: 'start', target: 'split' },
    { source: 'split', target: 'ask' },
    { source: 'ask', target: 'end' },
  ],
};

describe('datagenflow CLI: a folder of Markdown documents as seeds', function () {
  this.timeout(60_000);
  let server: FakeOpenAiServer;
  beforeEach(async () => {
    server = await FakeOpenAiServer.start({ latencyMs: 1 });
  });
  afterEach(() => server.close());

  // Our deliberate improvement over tests/blocks/test_markdown_multiplier.py::test_markdown_multiplier_empty_content:
  // an empty document is an error, and in a folder it names the file.
  it('verify names an empty file of the folder at its own line:col', async () => {
    const ws = await workspace({ 'p.dgf.json': chunker, 'docs/a.md': '# A\nText.\n', 'docs/sub/empty.md': '\n' });
    const r = await runCli(['verify', 'p.dgf.json', 'docs/'], { cwd: ws });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^docs[/\\]sub[/\\]empty\.md:1:1: error: docs\/sub\/empty\.md is empty: each Markdown file in a seed folder must contain a document/m);
  });

  it('run chunks every file, records each chunk\'s file, and resume refuses the folder once a file changed', async () => {
    const ws = await workspace({ 'p.dgf.json': chunker, 'docs/b.md': '# B one\nx\n\n# B two\ny\n', 'docs/a.md': '# A\nText.\n', 'docs/.hidden/skip.md': '# not a seed\n' });
    const verified = await runCli(['verify', 'p.dgf.json', 'docs'], { cwd: ws });
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, /^docs: 2 seed\(s\) OK for p\.dgf\.json/m);

    const r = await runCli(['run', 'p.dgf.json', '--seeds', 'docs', '--base-url', server.baseUrl, '--out', 'out.jsonl'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    const lines = (await readFile(join(ws, 'out.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { metadata: Record<string, unknown> });
    assert.deepEqual(lines.map((l) => [l.metadata.source_file, l.metadata.chunk_index]).sort(), [['a.md', 0], ['b.md', 0], ['b.md', 1]]);

    await writeFile(join(ws, 'docs/a.md'), '# A\nText, edited.\n');
    const resumed = await runCli(['resume', '--job', '1', '--base-url', server.baseUrl], { cwd: ws });
    assert.equal(resumed.code, 1, resumed.stderr);
    assert.match(resumed.stderr, /Cannot resume job 1: docs changed since the job started \(a Markdown file in it was added, removed, renamed or edited\)/);
  });
});
