import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import { LlmError } from '../../../src/core/errors';
import { DEFAULT_MODEL_SETTINGS } from '../../../src/core/llm/llmTypes';
import { type LaunchContext, resumeJob, startJob } from '../../../src/core/run/jobLauncher';
import { runJob } from '../../../src/core/run/jobRunner';
import type { UnitResult } from '../../../src/core/records/unitResult';
import { checkSeedFile } from '../../../src/core/seeds/checkSeedFile';
import { seedFolderOf } from '../../../src/core/seeds/folderSeeds';
import type { SeedSource } from '../../../src/core/seeds/seedTypes';
import { exportJsonl } from '../../../src/core/store/exportJsonl';
import { openMemoryStoreLog } from '../helpers/memoryOpLog';
import { WorkspaceStore } from '../../../src/core/store/workspaceStore';
import { ScriptedLlm } from '../helpers/scriptedLlm';
import { docsQaPipeline } from './docsQaPipeline';
import { seedsHash } from '../../../src/core/seeds/seedsHash';

// One job over many documents, as the original's job processor runs a multiplier pipeline (nicofretti/DataGenFlow
// lib/job_processor.py: every JSON seed's metadata goes to the multiplier, `repetitions` times; the chunking itself
// is pinned by tests/blocks/test_markdown_multiplier.py::test_markdown_multiplier_basic). Before this change a
// multiplier pipeline refused JSON seeds and folders, ran each seed's chunks once whatever its repetitions, and
// dropped the seed's metadata from its chunks' records.
const registry = createBlockRegistry();
const pipeline = docsQaPipeline;
const twoSections = (title: string) => `# ${title} one\nFirst part.\n\n# ${title} two\nSecond part.\n`;

class MemorySink {
  readonly results: UnitResult[] = [];
  async write(r: UnitResult): Promise<void> {
    this.results.push(r);
  }
}

function checked(source: SeedSource, name: string) {
  const parsed = checkSeedFile(source, name, pipeline, registry);
  assert.deepEqual(parsed.problems, []);
  return parsed.seeds;
}

function launchContext(store: WorkspaceStore, llm = new ScriptedLlm(), signal?: AbortSignal): LaunchContext {
  return { store, registry, llm, settings: { ...DEFAULT_MODEL_SETTINGS, concurrency: 1 }, signal };
}

describe('multi-document jobs for multiplier pipelines', () => {
  it('JSON seeds: each document is chunked, its other metadata rides with every chunk, and repetitions repeat its chunks', async () => {
    const text = JSON.stringify([
      { metadata: { file_content: twoSections('Tea'), topic: 'tea' } },
      { repetitions: 2, metadata: { file_content: twoSections('Rivers'), topic: 'rivers' } },
    ]);
    const sink = new MemorySink();
    const llm = new ScriptedLlm((r) => `answer to ${r.messages.at(-1)?.content ?? ''}`);
    const summary = await runJob({ jobId: 'j', blocks: pipeline.blocks, seeds: checked(text, 'docs.json'), registry, llm, sink, concurrency: 2 });
    assert.equal(summary.status, 'completed');
    assert.equal(summary.total, 6);
    assert.deepEqual(sink.results.map((r) => r.key).sort(), ['s0.c0', 's0.c1', 's1.c0', 's1.c0.r1', 's1.c1', 's1.c1.r1']);
    const repeated = sink.results.find((r) => r.key === 's1.c1.r1');
    assert.deepEqual(repeated?.metadata, { topic: 'rivers', chunk_text: '# Rivers two\nSecond part.', chunk_index: 1 });
    assert.equal(repeated?.chunkIndex, 1);
    assert.equal(repeated?.output?.assistant, 'answer to Q on # Rivers two\nSecond part.');
    for (const r of sink.results) assert.ok(!('file_content' in r.metadata), `${r.key} does not copy the whole document`);
  });

  it('retry runs only the failed chunk of a later repetition, keyed as before', async () => {
    const text = JSON.stringify([{ repetitions: 2, metadata: { file_content: twoSections('Tea'), topic: 'tea' } }]);
    const seeds = checked(text, 'docs.json');
    const first = new MemorySink();
    let calls = 0;
    const flaky = new ScriptedLlm((r) => (++calls === 4 ? new LlmError('bad-request', 'try again later', 400) : `ok ${r.messages.at(-1)?.content ?? ''}`));
    await runJob({ jobId: 'j', blocks: pipeline.blocks, seeds, registry, llm: flaky, sink: first, concurrency: 1 });
    assert.deepEqual(first.results.filter((r) => r.status === 'failed').map((r) => r.key), ['s0.c1.r1']);
    const retry = new MemorySink();
    const summary = await runJob({ jobId: 'j', blocks: pipeline.blocks, seeds, registry, llm: new ScriptedLlm(), sink: retry, concurrency: 1, onlyKeys: new Set(['s0.c1.r1']) });
    assert.deepEqual(retry.results.map((r) => [r.key, r.status, r.metadata.topic]), [['s0.c1.r1', 'succeeded', 'tea']]);
    assert.deepEqual([summary.total, summary.skipped], [4, 3]);
  });

  it('the unit limit counts every repetition of every chunk', async () => {
    const text = JSON.stringify([{ repetitions: 3, metadata: { file_content: twoSections('Tea') } }]);
    const sink = new MemorySink();
    const summary = await runJob({ jobId: 'j', blocks: pipeline.blocks, seeds: checked(text, 'docs.json'), registry, llm: new ScriptedLlm(), sink, concurrency: 1, maxUnits: 5 });
    assert.equal(summary.status, 'failed');
    assert.match(summary.reason ?? '', /^The job has 6 units \(chunks\), more than the 5 a job may have/);
    assert.equal(sink.results.length, 0);
  });

  it('a folder: every file is a document, its path in each chunk\'s record and in the export', async () => {
    const store = new WorkspaceStore(await openMemoryStoreLog());
    const folder = seedFolderOf([
      { path: 'rivers.md', text: twoSections('Rivers') },
      { path: 'guides/tea.md', text: '# Tea\nBrew it.\n' },
    ]);
    const { job, outcome } = await startJob(launchContext(store), {
      pipelinePath: 'p.dgf.json', pipelineText: JSON.stringify(pipeline), pipeline, seedsPath: 'docs', seedsHash: seedsHash(folder), seeds: checked(folder, 'docs'),
    });
    assert.equal(outcome.status, 'completed');
    assert.equal(outcome.generated, 3);
    const out = join(await mkdtemp(join(tmpdir(), 'dgf-docs-')), 'out.jsonl');
    await exportJsonl(store, { jobId: job.id, outPath: out });
    const lines = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { metadata: Record<string, unknown>; accumulated_state: Record<string, unknown> });
    assert.deepEqual(lines.map((l) => [l.metadata.source_file, l.metadata.chunk_index]), [['guides/tea.md', 0], ['rivers.md', 0], ['rivers.md', 1]]);
    assert.ok(lines.every((l) => !('file_content' in l.metadata) && typeof l.accumulated_state.assistant === 'string'));
  });

  it('a folder job resumes with the same folder and is refused once a file in it changed', async () => {
    const store = new WorkspaceStore(await openMemoryStoreLog());
    const documents = [
      { path: 'a.md', text: twoSections('A') },
      { path: 'b.md', text: twoSections('B') },
    ];
    const folder = seedFolderOf(documents);
    const controller = new AbortController();
    const cancelling = new ScriptedLlm((_r, call) => {
      if (call === 2) controller.abort();
      return 'ok';
    });
    const first = await startJob(launchContext(store, cancelling, controller.signal), {
      pipelinePath: 'p.dgf.json', pipelineText: JSON.stringify(pipeline), pipeline, seedsPath: 'docs', seedsHash: seedsHash(folder), seeds: checked(folder, 'docs'),
    });
    assert.equal(first.outcome.status, 'cancelled');
    const done = first.outcome.generated;
    assert.ok(done >= 1 && done < 4, `kept ${done}`);

    const edited = seedFolderOf([documents[0], { path: 'b.md', text: twoSections('B, edited') }]);
    await assert.rejects(
      resumeJob(launchContext(store), first.job.id, 'resume', async () => edited),
      (e: Error & { code?: string }) =>
        e.code === 'seeds-changed' && /^Cannot resume job \d+: docs changed since the job started \(a Markdown file in it was added, removed, renamed or edited\)/.test(e.message),
    );

    const resumed = await resumeJob(launchContext(store), first.job.id, 'resume', async () => seedFolderOf([...documents].reverse()));
    assert.equal(resumed.outcome.status, 'completed');
    assert.equal(resumed.outcome.generated, 4);
    assert.equal(resumed.outcome.thisRun.generated, 4 - done);
  });
});
