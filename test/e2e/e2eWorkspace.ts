// The workspace the e2e scenarios open: two built-in templates (so Generate asks which pipeline), a seed file long
// enough for the progress notification to be seen mid-run, a seed file with one deliberate error, and the pipelines
// and seeds of the prompt-loop and training-data scenarios.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
/** The prompt loop (scenario g): two LLM blocks, so a re-run after editing the second reuses the first's answers. */
export const LOOP_PIPELINE_FILE = 'prompt_loop.dgf.json';
export const LOOP_PIPELINE_NAME = 'Prompt loop';
export const LOOP_SEEDS_FILE = 'topics.json';
export const LOOP_TOPICS = ['lighthouses', 'sourdough', 'tides'];
/**
 * Training data (scenario h): the built-in "Multi-turn Chat" template with its example seeds, its conversation block
 * on the model CHAT_MODEL (which the scenario points at its own fake server, whose replies play the user and the
 * assistant) and a DiversityScore of the assistant turns (a numeric metric for the report and the comparison).
 */
export const CHAT_PIPELINE_FILE = 'multi_turn_chat.dgf.json';
export const CHAT_PIPELINE_NAME = 'Multi-turn Chat';
export const CHAT_SEEDS_FILE = 'multi_turn_chat.seeds.json';
export const CHAT_MODEL = 'chat-sim';

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
  const loop = {
    version: 1,
    name: LOOP_PIPELINE_NAME,
    blocks: [
      { id: 'draft', name: 'Draft', type: 'TextGenerator', config: { user_prompt: 'Write two sentences about {{ topic }}.' }, position: { x: 0, y: 100 } },
      { id: 'critique', name: 'Critique', type: 'TextGenerator', config: { user_prompt: 'Critique this text about {{ topic }}: {{ assistant }}' }, position: { x: 0, y: 250 } },
    ],
    edges: [
      { source: 'start', target: 'draft' },
      { source: 'draft', target: 'critique' },
      { source: 'critique', target: 'end' },
    ],
  };
  writeFileSync(join(workspace, LOOP_PIPELINE_FILE), `${JSON.stringify(loop, null, 2)}\n`);
  writeFileSync(join(workspace, LOOP_SEEDS_FILE), `${JSON.stringify(LOOP_TOPICS.map((topic) => ({ repetitions: 1, metadata: { topic } })), null, 2)}\n`);
  writeChatPipeline(workspace, repoRoot);
  const settings = {
    'datagenflow.models': [
      { name: 'fake', baseUrl: fakeBaseUrl, model: 'fake-model' },
      // Scenario h replaces this baseUrl with its own fake server's while it runs.
      { name: CHAT_MODEL, baseUrl: fakeBaseUrl, model: 'fake-model' },
    ],
    'datagenflow.defaultModel': 'fake',
    // One request at a time keeps the job running for a few seconds, long enough to watch and cancel it.
    'datagenflow.concurrency': 1,
  };
  writeFileSync(join(workspace, '.vscode', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  return workspace;
}

interface PipelineFile {
  blocks: { id: string; type: string; name: string; config: Record<string, unknown>; position: { x: number; y: number } }[];
  edges: { source: string; target: string }[];
  layout?: { end?: { x: number; y: number } };
}

function writeChatPipeline(workspace: string, repoRoot: string): void {
  copyFileSync(join(repoRoot, 'templates', CHAT_SEEDS_FILE), join(workspace, CHAT_SEEDS_FILE));
  const pipeline = JSON.parse(readFileSync(join(repoRoot, 'templates', CHAT_PIPELINE_FILE), 'utf8')) as PipelineFile;
  const chat = pipeline.blocks.find((b) => b.type === 'ConversationGenerator');
  if (!chat) throw new Error(`templates/${CHAT_PIPELINE_FILE} has no ConversationGenerator block`);
  chat.config.model = CHAT_MODEL;
  const last = pipeline.edges.find((e) => e.target === 'end');
  if (!last) throw new Error(`templates/${CHAT_PIPELINE_FILE} has no edge into end`);
  pipeline.blocks.push({ id: 'diversity', type: 'DiversityScore', name: 'Diversity of the assistant turns', config: { field_name: 'messages[role=assistant].content' }, position: { x: 0, y: 450 } });
  pipeline.edges = [...pipeline.edges.filter((e) => e !== last), { source: last.source, target: 'diversity' }, { source: 'diversity', target: 'end' }];
  if (pipeline.layout?.end) pipeline.layout.end = { x: 0, y: 600 };
  writeFileSync(join(workspace, CHAT_PIPELINE_FILE), `${JSON.stringify(pipeline, null, 2)}\n`);
}
