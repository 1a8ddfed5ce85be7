/**
 * `npm run bench:preview`: how long DataGenFlow: Preview Prompts takes to update after a keystroke in the pipeline,
 * on a 1,000-seed file. The seed file is parsed once (as the editor's cache does); each "keystroke" appends a
 * character to the previewed block's user prompt, then the preview is built from the new text exactly as the
 * editor does it (engine render path, earlier blocks run with placeholder answers) and formatted. Prints the
 * parse time and the update times (median, p95, max). Asserts nothing.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createBlockRegistry } from '../src/core/blocks/blockRegistry';
import { executionOrder } from '../src/core/pipeline/executionOrder';
import type { PipelineFile } from '../src/core/pipeline/pipelineTypes';
import { previewPrompts } from '../src/core/preview/previewPrompts';
import { previewText, seedLabel } from '../src/core/preview/previewText';
import { parseSeeds } from '../src/core/seeds/parseSeeds';
import { TemplateRenderer } from '../src/core/templates/templateRenderer';
import { percentile } from './benchStats';

const SEEDS = 1000;
const KEYSTROKES = 200;

const registry = createBlockRegistry();

function syntheticPipeline(): PipelineFile {
  return {
    version: 1,
    name: 'Preview bench',
    blocks: [
      { id: 'ask', type: 'TextGenerator', config: { system_prompt: 'You write exam questions about {{ topic }}.', user_prompt: 'Context:\n{{ context }}\n\nWrite a {{ level }} question.' }, position: { x: 0, y: 0 } },
      {
        id: 'shape',
        type: 'StructuredGenerator',
        config: { json_schema: { type: 'object', properties: { question: { type: 'string' }, difficulty: { type: 'integer' } }, required: ['question', 'difficulty'] }, user_prompt: 'Structure this question: {{ assistant }}' },
        position: { x: 0, y: 100 },
      },
      { id: 'answer', type: 'TextGenerator', config: { system_prompt: 'Answer briefly.', user_prompt: 'Question: {{ generated.question }}\n{% for w in context.split(" ") | batch(40) %}{{ w | join(" ") }}\n{% endfor %}' }, position: { x: 0, y: 200 } },
    ],
    edges: [
      { source: 'start', target: 'ask' },
      { source: 'ask', target: 'shape' },
      { source: 'shape', target: 'answer' },
      { source: 'answer', target: 'end' },
    ],
  };
}

function syntheticSeeds(): string {
  const words = 'tide moon ocean gravity current shore wave salt basin pull'.split(' ');
  const seeds = Array.from({ length: SEEDS }, (_, i) => ({
    repetitions: 1,
    metadata: { topic: `topic ${i}`, level: i % 2 ? 'hard' : 'easy', context: Array.from({ length: 200 }, (__, w) => words[(i + w) % words.length]).join(' ') },
  }));
  return JSON.stringify(seeds, null, 2);
}

/** The built-in templates' example seeds (JSON ones), repeated up to 1,000 seeds. */
async function builtInCases(): Promise<{ name: string; pipeline: PipelineFile; seedsText: string }[]> {
  const cases = [];
  for (const file of (await readdir('templates')).filter((f) => f.endsWith('.dgf.json')).sort()) {
    const id = file.replace(/\.dgf\.json$/, '');
    let seeds: unknown;
    try {
      seeds = JSON.parse(await readFile(join('templates', `${id}.seeds.json`), 'utf8'));
    } catch {
      continue; // Markdown seeds (a multiplier pipeline): one document, not a 1,000-seed file.
    }
    const list = Array.isArray(seeds) ? seeds : [seeds];
    const repeated = Array.from({ length: SEEDS }, (_, i) => list[i % list.length]);
    cases.push({ name: id, pipeline: JSON.parse(await readFile(join('templates', file), 'utf8')) as PipelineFile, seedsText: JSON.stringify(repeated, null, 2) });
  }
  return cases;
}

async function measure(name: string, pipeline: PipelineFile, seedsText: string, renderer: TemplateRenderer): Promise<void> {
  const parseStart = performance.now();
  const parsed = parseSeeds(seedsText, 'seeds.json');
  const parseMs = performance.now() - parseStart;
  const order = executionOrder(pipeline);
  const target = [...order].reverse().find((b) => typeof b.config?.user_prompt === 'string') ?? order[order.length - 1];
  const times: number[] = [];
  let requests = 0;
  for (let k = 0; k < KEYSTROKES; k++) {
    const edited: PipelineFile = { ...pipeline, blocks: pipeline.blocks.map((b) => (b.id === target.id ? { ...b, config: { ...b.config, user_prompt: `${String(b.config?.user_prompt ?? '')}${'x'.repeat(k % 7)}` } } : b)) };
    const text = JSON.stringify(edited, null, 2);
    const seedIndex = (k * 37) % parsed.seeds.length;
    const start = performance.now();
    const seed = parsed.seeds.at(seedIndex);
    if (!seed) throw new Error(`no seed ${seedIndex}`);
    const preview = await previewPrompts({ text, blockId: target.id, seed, seedIndex, registry, renderer });
    previewText(preview, { pipelineFile: `${name}.dgf.json`, seedFile: 'seeds.json', seedCount: parsed.seeds.length, seedLabel: seedLabel(seed.metadata) });
    times.push(performance.now() - start);
    requests += preview.requests.length;
    if (preview.error) throw new Error(`${name}: ${preview.error.message}`);
  }
  const f = (n: number) => n.toFixed(1).padStart(6);
  console.log(
    `${name.padEnd(22)} ${String(parsed.seeds.length).padStart(5)} seeds  parse once ${f(parseMs)} ms   update: median ${f(percentile(times, 50))}  p95 ${f(percentile(times, 95))}  max ${f(Math.max(...times))} ms   (block '${target.id}', ${order.length} blocks, ${(requests / KEYSTROKES).toFixed(0)} request(s) shown)`,
  );
}

async function main(): Promise<void> {
  const renderer = new TemplateRenderer({ workers: 1 });
  console.log(`Preview Prompts update after a keystroke — ${KEYSTROKES} keystrokes per pipeline, a different seed each time (budget: 100 ms)`);
  try {
    await measure('synthetic 3-LLM', syntheticPipeline(), syntheticSeeds(), renderer);
    for (const c of await builtInCases()) await measure(c.name, c.pipeline, c.seedsText, renderer);
  } finally {
    await renderer.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
