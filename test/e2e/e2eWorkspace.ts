// The workspace the e2e scenarios open: two built-in templates (so Generate asks which pipeline), a seed file long
// enough for the progress notification to be seen mid-run, and a seed file with one deliberate error.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PIPELINE_FILE = 'json_generation.dgf.json';
export const PIPELINE_NAME = 'JSON Generation';
export const SEEDS_FILE = 'articles.json';
export const BAD_SEEDS_FILE = 'bad-articles.json';
/** 8 seeds × 2 repetitions: 16 requests, one at a time (concurrency 1) at ~300 ms each. */
export const SEED_COUNT = 8;
export const UNITS = SEED_COUNT * 2;
/** Where bad-articles.json's error is: the second seed's metadata lacks "content". */
export const BAD_SEED_LINE = 3;

const TOPICS = ['bicycles', 'tool libraries', 'tea', 'rivers', 'bees', 'lighthouses', 'sourdough', 'tides'];

export function createWorkspace(root: string, repoRoot: string, fakeBaseUrl: string): string {
  const workspace = join(root, 'workspace');
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  for (const template of [PIPELINE_FILE, 'text_classification.dgf.json']) {
    copyFileSync(join(repoRoot, 'templates', template), join(workspace, template));
  }
  const seeds = TOPICS.slice(0, SEED_COUNT).map((topic) => ({ repetitions: 2, metadata: { content: `A short article about ${topic}.` } }));
  writeFileSync(join(workspace, SEEDS_FILE), `${JSON.stringify(seeds, null, 2)}\n`);
  // Line BAD_SEED_LINE holds the seed whose metadata has "text" instead of the "content" the pipeline reads.
  writeFileSync(
    join(workspace, BAD_SEEDS_FILE),
    [
      '[',
      '  { "repetitions": 1, "metadata": { "content": "A short text about tea." } },',
      '  { "repetitions": 1, "metadata": { "text": "This seed has no content field." } }',
      ']',
      '',
    ].join('\n'),
  );
  const settings = {
    'datagenflow.models': [{ name: 'fake', baseUrl: fakeBaseUrl, model: 'fake-model' }],
    'datagenflow.defaultModel': 'fake',
    // One request at a time keeps the job running for a few seconds, long enough to watch and cancel it.
    'datagenflow.concurrency': 1,
  };
  writeFileSync(join(workspace, '.vscode', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  return workspace;
}
