import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { FakeOpenAiServer } from '../../fixtures/fakeOpenAiServer';
import { runCli, workspace } from './cliHarness';

const repoTemplates = resolve(__dirname, '..', '..', '..', 'templates');
const IDS = ['json_generation', 'text_classification', 'qa_generation', 'data_augmentation', 'ragas_evaluation', 'multi_turn_chat'];

describe('datagenflow templates / new', function () {
  this.timeout(30_000);

  it('templates lists every template with its name and description, and how to use one', async () => {
    const r = await runCli(['templates'], { cwd: await workspace({}) });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.match(lines[0], /^ID\s+NAME\s+DESCRIPTION$/);
    assert.deepEqual(lines.slice(1, 1 + IDS.length).map((l) => l.split(/\s+/)[0]), IDS);
    assert.match(r.stdout, /^qa_generation\s+Q&A Generation\s+Generate question-answer pairs/m);
    assert.match(r.stdout, /datagenflow new <id> \[folder\]/);
  });

  it('templates --json prints {id, name, description} per template', async () => {
    const r = await runCli(['templates', '--json'], { cwd: await workspace({}) });
    assert.equal(r.code, 0, r.stderr);
    const listed = JSON.parse(r.stdout) as Record<string, unknown>[];
    assert.deepEqual(listed.map((t) => t.id), IDS);
    assert.deepEqual(Object.keys(listed[4]).sort(), ['description', 'id', 'name']);
    assert.equal(listed[4].name, 'QA Generation with RAGAS Evaluation');
  });

  it('new writes the template into the current folder by default and prints the run command', async () => {
    const ws = await workspace({});
    const r = await runCli(['new', 'text_classification'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((await readdir(ws)).sort(), ['text_classification.dgf.json', 'text_classification.seeds.json']);
    assert.equal(await readFile(join(ws, 'text_classification.dgf.json'), 'utf8'), await readFile(join(repoTemplates, 'text_classification.dgf.json'), 'utf8'));
    assert.match(r.stdout, /^ {2}datagenflow run text_classification\.dgf\.json --seeds text_classification\.seeds\.json$/m);
  });

  it('new <template> <dir> creates the folder; the printed command runs as printed', async () => {
    const server = await FakeOpenAiServer.start();
    try {
      const ws = await workspace({});
      const r = await runCli(['new', 'json_generation', 'pipelines/extract'], { cwd: ws });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Created from the "JSON Generation" template:\n {2}pipelines\/extract\/json_generation\.dgf\.json\n {2}pipelines\/extract\/json_generation\.seeds\.json\n/);
      const command = /^ {2}datagenflow (run .*)$/m.exec(r.stdout)?.[1].split(' ');
      assert.deepEqual(command, ['run', 'pipelines/extract/json_generation.dgf.json', '--seeds', 'pipelines/extract/json_generation.seeds.json']);
      const run = await runCli([...(command ?? []), '--base-url', server.baseUrl, '--out', 'out.jsonl', '--json'], { cwd: ws });
      assert.equal(run.code, 0, run.stderr);
      const summary = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '') as Record<string, unknown>;
      assert.equal(summary.generated, 2);
    } finally {
      await server.close();
    }
  });

  it('new says when the pipeline also needs an embedding model (there is no flag or default for one)', async () => {
    const ws = await workspace({});
    const needs = /also uses an embedding model: add one to datagenflow\.embeddingModels/;
    for (const [id, embeds] of [['data_augmentation', true], ['ragas_evaluation', true], ['qa_generation', false]] as const) {
      const r = await runCli(['new', id, id], { cwd: ws });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(needs.test(r.stdout), embeds, `${id}: ${r.stdout}`);
    }
  });

  it('new refuses to overwrite an existing file (exit 1, file untouched)', async () => {
    const ws = await workspace({});
    await writeFile(join(ws, 'json_generation.dgf.json'), 'my edits');
    const r = await runCli(['new', 'json_generation'], { cwd: ws });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /json_generation\.dgf\.json already exists; not overwriting it/);
    assert.equal(await readFile(join(ws, 'json_generation.dgf.json'), 'utf8'), 'my edits');
    assert.deepEqual(await readdir(ws), ['json_generation.dgf.json'], 'the seeds were not written either');
  });

  it('new with an unknown template exits 2 listing the ids; without one too', async () => {
    const ws = await workspace({});
    const r = await runCli(['new', 'qa'], { cwd: ws });
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`unknown template 'qa' \\(templates: ${IDS.join(', ')}\\)`));
    assert.deepEqual(await readdir(ws), []);
    const none = await runCli(['new'], { cwd: ws });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /datagenflow new <template> \[dir\]/);
  });

  it('--help documents both commands', async () => {
    const r = await runCli(['--help'], { cwd: await workspace({}) });
    assert.match(r.stdout, /datagenflow templates \[--json\]/);
    assert.match(r.stdout, /datagenflow new <template> \[dir\]/);
  });
});
