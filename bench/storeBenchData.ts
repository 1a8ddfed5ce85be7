import type { PipelineFile } from '../src/core/pipeline/pipelineTypes';
import type { TraceEntry, UnitResult } from '../src/core/records/unitResult';
import type { NewJob } from '../src/core/store/storeTypes';
import { mulberry32 } from '../src/core/blocks/seededRandom';

/*
 * Realistic records for the store benchmark: a question → answer → rating pipeline (two TextGenerators and a
 * StructuredGenerator), about 2 KB of accumulated state per record. Text is drawn from a vocabulary with a seeded
 * generator, so it compresses like prose (trace BLOBs are deflated: repeated filler would flatter them).
 */

export const REPETITIONS = 5;

const WORDS = `the of and to in is that for it as with was on be by this are or from at an which have not but they
his one all were when we there can been has more if will would each about how their what up out them then she many
some so these into time other could two first water long little very after words called just where most know get
through back much before go good new write our used me man too any day same right look think also around another
came come work three word must because does part even place well such here take why things help put years different
away again off went old number great tell men say small every found still between name should home big give air
line set own under read last never us left end along while might next sound below saw something thought both few
those always looked show large often together asked house world going want school important until form food keep
children feet land side without boy once animals life enough took sometimes four head above kind began almost live
page got earth need far hand high year mother light parts country father let night following picture being study
second eyes soon times story boys since white days paper hard near sentence better best across during today others
however sure means knew its try told young miles sun ways thing whole hear example heard several change answer room
sea against top turned learn point city play toward five using himself usually energy orbit planet signal protein
market theorem circuit climate enzyme ledger contract harvest glacier voltage pattern syntax`.split(/\s+/);

const TOPICS = ['astronomy', 'cell biology', 'contract law', 'thermodynamics', 'medieval history', 'macroeconomics', 'organic chemistry', 'graph theory'];
const LEVELS = ['beginner', 'intermediate', 'advanced'];
const PERSONAS = ['a curious high-school student', 'a busy product manager', 'a first-year graduate student', 'a retired engineer'];

export const SEEDS = (records: number) => Math.ceil(records / REPETITIONS);


function prose(next: () => number, chars: number): string {
  const out: string[] = [];
  let length = 0;
  while (length < chars) {
    const sentence = Array.from({ length: 6 + Math.floor(next() * 12) }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ');
    out.push(`${sentence[0].toUpperCase()}${sentence.slice(1)}.`);
    length += sentence.length + 2;
  }
  return out.join(' ');
}

export const BENCH_PIPELINE: PipelineFile = {
  version: 1,
  name: 'QA with rating',
  blocks: [
    { id: 'question', type: 'TextGenerator', config: { system_prompt: 'You write exam questions for {{ persona }}.', user_prompt: 'One {{ level }} question about {{ topic }}.' }, position: { x: 0, y: 0 } },
    { id: 'answer', type: 'TextGenerator', config: { system_prompt: 'You answer precisely.', user_prompt: 'Answer for {{ persona }}: {{ assistant }}' }, position: { x: 0, y: 150 } },
    { id: 'rating', type: 'StructuredGenerator', config: { user_prompt: 'Rate this answer: {{ assistant }}', json_schema: { type: 'object' } }, position: { x: 0, y: 300 } },
  ],
  edges: [
    { source: 'start', target: 'question' },
    { source: 'question', target: 'answer' },
    { source: 'answer', target: 'rating' },
    { source: 'rating', target: 'end' },
  ],
};

export function benchJob(total: number): NewJob {
  return {
    pipelinePath: 'pipelines/qa-rating.dgf.json',
    pipelineName: BENCH_PIPELINE.name,
    pipelineSnapshot: BENCH_PIPELINE,
    pipelineHash: 'sha256:4f1c0d2a9e7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d',
    seedsPath: 'seeds/topics.jsonl',
    seedsHash: 'sha256:9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b',
    modelSettings: { default: { model: 'llama3.1:8b', baseUrl: 'http://localhost:11434/v1' }, concurrency: 32, temperature: 0.7 },
    total,
  };
}

/** Unit `n` of the job: seed n / REPETITIONS, repetition n % REPETITIONS. */
export function benchResult(n: number): UnitResult {
  const next = mulberry32(n + 1);
  const seedIndex = Math.floor(n / REPETITIONS);
  const repetition = n % REPETITIONS;
  const metadata = {
    topic: TOPICS[seedIndex % TOPICS.length],
    level: LEVELS[seedIndex % LEVELS.length],
    persona: PERSONAS[seedIndex % PERSONAS.length],
    source_id: `seed-${String(seedIndex).padStart(6, '0')}`,
    tags: ['exam', 'v2'],
  };
  const question = { assistant: prose(next, 280), system: `You write exam questions for ${metadata.persona}.`, user: `One ${metadata.level} question about ${metadata.topic}.` };
  const answer = { assistant: prose(next, 1250), system: 'You answer precisely.', user: `Answer for ${metadata.persona}: ${question.assistant}` };
  const rating = { generated: { score: 1 + Math.floor(next() * 5), reasoning: prose(next, 240), tags: ['clear', 'complete'] } };
  const start = Date.parse('2026-01-01T00:00:00.000Z') + n * 37;
  const durations = [900 + Math.floor(next() * 600), 2500 + Math.floor(next() * 2000), 700 + Math.floor(next() * 400)];
  const usages = [
    { input_tokens: 60, output_tokens: 70, cached_tokens: 0 },
    { input_tokens: 120, output_tokens: 310, cached_tokens: 32 },
    { input_tokens: 360, output_tokens: 90, cached_tokens: 0 },
  ];
  const outputs = [question, answer, rating];
  let at = start;
  const trace: TraceEntry[] = BENCH_PIPELINE.blocks.map((block, i) => {
    const entry = { block_id: block.id, block_type: block.type, started_at: new Date(at).toISOString(), duration_ms: durations[i], output: outputs[i], error: null, usage: usages[i] };
    at += durations[i];
    return entry;
  });
  return {
    key: `s${seedIndex}.r${repetition}`,
    seedIndex,
    repetition,
    status: 'succeeded',
    metadata,
    output: { ...metadata, ...question, ...answer, ...rating },
    trace,
    usage: { input_tokens: 540, output_tokens: 470, cached_tokens: 32 },
    startedAt: new Date(start).toISOString(),
    durationMs: at - start,
  };
}
