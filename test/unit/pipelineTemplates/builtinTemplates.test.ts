import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  defaultTemplatesDir,
  listTemplates,
  TEMPLATE_ORDER,
  TemplateExistsError,
  TemplateFolderError,
  UnknownTemplateError,
  writeTemplate,
} from '../../../src/core/pipelineTemplates/builtinTemplates';

const repoTemplates = resolve(__dirname, '..', '..', '..', 'templates');

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'dgf-templates-'));
}

describe('builtin pipeline templates module', () => {
  it('finds the repository templates folder from source (not src/core/templates, the renderer)', () => {
    assert.equal(defaultTemplatesDir(), repoTemplates);
  });

  it('lists the six templates in teaching order, with names, descriptions and seed files', async () => {
    const templates = await listTemplates(repoTemplates);
    assert.deepEqual(
      templates.map((t) => t.id),
      ['json_generation', 'text_classification', 'qa_generation', 'data_augmentation', 'ragas_evaluation', 'multi_turn_chat'],
    );
    assert.deepEqual(
      templates.map((t) => t.name),
      ['JSON Generation', 'Text Classification', 'Q&A Generation', 'Data Augmentation', 'QA Generation with RAGAS Evaluation', 'Multi-turn Chat'],
    );
    for (const t of templates) {
      assert.ok(t.description.length > 20, `${t.id} has a description`);
      assert.equal(t.pipelineFile, join(repoTemplates, `${t.id}.dgf.json`));
      assert.ok(existsSync(t.seedFile), t.seedFile);
    }
    // The multiplier pipeline takes a Markdown document; the others JSON seeds.
    assert.equal(templates.find((t) => t.id === 'qa_generation')?.seedFile, join(repoTemplates, 'qa_generation.seeds.md'));
    assert.equal(templates.find((t) => t.id === 'ragas_evaluation')?.seedFile, join(repoTemplates, 'ragas_evaluation.seeds.json'));
  });

  it('puts templates it does not know after the known ones, by id; falls back to the id for a missing name', async () => {
    const dir = await tempDir();
    for (const id of ['zeta', 'alpha', 'text_classification']) {
      await writeFile(join(dir, `${id}.dgf.json`), JSON.stringify(id === 'alpha' ? { version: 1 } : { name: id.toUpperCase(), description: 'd' }));
      await writeFile(join(dir, `${id}.seeds.json`), '[]');
    }
    const listed = await listTemplates(dir);
    assert.deepEqual(listed.map((t) => t.id), ['text_classification', 'alpha', 'zeta']);
    assert.deepEqual(listed.map((t) => [t.name, t.description]), [['TEXT_CLASSIFICATION', 'd'], ['alpha', ''], ['ZETA', 'd']]);
    assert.ok(TEMPLATE_ORDER.includes('text_classification'));
  });

  it('reports a template without a seed file, or with a broken pipeline file, as a broken folder', async () => {
    const noSeeds = await tempDir();
    await writeFile(join(noSeeds, 'x.dgf.json'), '{}');
    await assert.rejects(listTemplates(noSeeds), (e: unknown) => e instanceof TemplateFolderError && /x\.seeds\.json or x\.seeds\.md/.test(e.message));
    const badJson = await tempDir();
    await writeFile(join(badJson, 'x.dgf.json'), '{ nope');
    await writeFile(join(badJson, 'x.seeds.md'), '# doc');
    await assert.rejects(listTemplates(badJson), (e: unknown) => e instanceof TemplateFolderError && /x\.dgf\.json cannot be read/.test(e.message));
  });

  it('writes a template and its seeds byte for byte into a new folder, returning the paths', async () => {
    const target = join(await tempDir(), 'nested', 'qa');
    const written = await writeTemplate('qa_generation', repoTemplates, target);
    assert.equal(written.pipelineFile, join(target, 'qa_generation.dgf.json'));
    assert.equal(written.seedFile, join(target, 'qa_generation.seeds.md'));
    assert.equal(written.template.name, 'Q&A Generation');
    assert.deepEqual((await readdir(target)).sort(), ['qa_generation.dgf.json', 'qa_generation.seeds.md']);
    assert.equal(await readFile(written.pipelineFile, 'utf8'), await readFile(join(repoTemplates, 'qa_generation.dgf.json'), 'utf8'));
    assert.equal(await readFile(written.seedFile, 'utf8'), await readFile(join(repoTemplates, 'qa_generation.seeds.md'), 'utf8'));
  });

  it('refuses to overwrite either file, naming it, and writes nothing', async () => {
    const target = await tempDir();
    await writeFile(join(target, 'ragas_evaluation.seeds.json'), 'mine');
    await assert.rejects(
      writeTemplate('ragas_evaluation', repoTemplates, target),
      (e: unknown) => e instanceof TemplateExistsError && e.path === join(target, 'ragas_evaluation.seeds.json') && e.message.includes(e.path),
    );
    assert.deepEqual(await readdir(target), ['ragas_evaluation.seeds.json'], 'the pipeline was not written either');
    assert.equal(await readFile(join(target, 'ragas_evaluation.seeds.json'), 'utf8'), 'mine');

    await writeTemplate('json_generation', repoTemplates, target);
    await assert.rejects(writeTemplate('json_generation', repoTemplates, target), (e: unknown) => e instanceof TemplateExistsError && e.path.endsWith('json_generation.dgf.json'));
  });

  it('rejects an unknown id with the list of known ones', async () => {
    const target = join(await tempDir(), 'never');
    await assert.rejects(
      writeTemplate('qa', repoTemplates, target),
      (e: unknown) => e instanceof UnknownTemplateError && e.id === 'qa' && e.known.length === 6 && /Templates: json_generation, text_classification/.test(e.message),
    );
    assert.ok(!existsSync(target), 'no folder is created for an unknown template');
  });
});
