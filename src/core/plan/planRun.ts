import type { BlockRegistry, MultiplierBlockDefinition, NormalBlockDefinition, SecretLookup } from '../blocks/blockTypes';
import { CancelledError } from '../errors';
import type { ModelSettings } from '../llm/llmTypes';
import { executionOrder } from '../pipeline/executionOrder';
import { resolveBlocks } from '../run/resolveBlocks';
import type { PipelineFile } from '../pipeline/pipelineTypes';
import { chunkKey, repetitionKey } from '../records/unitKeys';
import { createBlockContext, type UnitEnvironment } from '../run/blockContext';
import type { ResolvedBlock } from '../run/executeUnit';
import { chunkBaseMetadata } from '../run/unitPlan';
import { seedListOf } from '../seeds/seedList';
import type { Seed, SeedList } from '../seeds/seedTypes';
import type { RenderLimits } from '../templates/renderLimits';
import { TemplateRenderer } from '../templates/templateRenderer';
import { BlockTally, blendedPrices, blockPlanOf, planNotes, planTotals } from './blockTally';
import { DryRunLlm } from './dryRunLlm';
import { earlierOutput, type PlanHistory } from './planHistory';
import type { RunPlan } from './planTypes';

export interface PlanInput {
  pipeline: PipelineFile;
  seeds: readonly Seed[] | SeedList;
  registry: BlockRegistry;
  /** Models (names, prices) and the concurrency the run would use. */
  settings: ModelSettings;
  renderLimits?: Partial<RenderLimits>;
  /** Earlier jobs (readPlanHistory) and kept tries (withTries) of this pipeline: output tokens, latency and real outputs for later prompts. */
  history?: PlanHistory;
  /** Units whose prompts are rendered (default 25), spread evenly over the seed file. */
  sampleSize?: number;
  /** Seeds a multiplier splits to count units (default 50); more seeds are counted on an even sample and scaled. */
  multiplierSeeds?: number;
  signal?: AbortSignal;
  secrets?: SecretLookup;
}

/** A unit the dry run may render: its key, starting state and how many units of the job it stands for. */
interface Candidate {
  key: string;
  seedIndex: number;
  metadata: Record<string, unknown>;
  weight: number;
}

const DEFAULT_SAMPLE = 25;
const DEFAULT_MULTIPLIER_SEEDS = 50;

/**
 * The plan of a run before it runs: units, then for a sample of units every block executed as in a job (the
 * engine's template path and budgets, each block's own prompt building) against a model stand-in that counts what
 * would be sent and answers with placeholders — or, when earlier jobs of the pipeline exist, with their outputs —
 * scaled up to the whole job. Nothing is sent to any endpoint.
 */
export async function planRun(input: PlanInput): Promise<RunPlan> {
  const blocks = resolveBlocks(executionOrder(input.pipeline), input.registry);
  const llm = new DryRunLlm(input.settings);
  const renderer = new TemplateRenderer({ limits: input.renderLimits, workers: 1 });
  const signal = input.signal ?? new AbortController().signal;
  const env: UnitEnvironment = { jobId: 'plan', llm, renderer, signal, secrets: input.secrets ?? (async () => undefined), pipelineName: input.pipeline.name };
  const seeds = seedListOf(input.seeds);
  const tallies = new Map(blocks.map((b) => [b.spec.id, new BlockTally(b.spec)]));
  const failures: string[] = [];
  try {
    const multiplier = blocks[0]?.definition.isMultiplier ? blocks[0] : undefined;
    const units = multiplier
      ? await multiplierUnits(multiplier, seeds, env, llm, tallies.get(multiplier.spec.id) as BlockTally, input.multiplierSeeds ?? DEFAULT_MULTIPLIER_SEEDS, failures)
      : repetitionUnits(seeds, input.sampleSize ?? DEFAULT_SAMPLE);
    const sample = spread(units.candidates, input.sampleSize ?? DEFAULT_SAMPLE);
    const sampleWeight = sample.reduce((sum, c) => sum + c.weight, 0);
    const scale = sampleWeight > 0 ? units.total / sampleWeight : 0;
    const unitBlocks = multiplier ? blocks.slice(1) : blocks;
    if (input.history && sample[0]) await measureAnswerSizes(sample[0], unitBlocks, env, llm, input.history);
    for (const [index, unit] of sample.entries()) {
      await dryRunUnit(unit, index, unitBlocks, env, llm, input.history, tallies, unit.weight * scale, failures);
    }
    const blockPlans = blocks.map((b) => blockPlanOf(tallies.get(b.spec.id) as BlockTally, units.total, input.history));
    const totals = planTotals(blockPlans);
    const concurrency = Math.max(1, input.settings.concurrency);
    const prices = blendedPrices(tallies.values());
    const unitMs = input.history?.unitDurationMs;
    const overheadMs = input.history?.jobOverheadMs ?? 0;
    return {
      pipelineName: input.pipeline.name,
      seeds: seeds.length,
      units: units.total,
      unitsExact: units.exact,
      sampledUnits: sample.length,
      blocks: blockPlans,
      totals,
      time: unitMs === undefined ? { source: 'unknown', concurrency } : { ms: overheadMs + Math.ceil(units.total / concurrency) * unitMs, source: 'earlier-jobs', concurrency },
      ...(prices ? { prices } : {}),
      historyJobIds: input.history?.jobIds ?? [],
      ...(input.history?.tries ? { historyTries: input.history.tries } : {}),
      notes: planNotes({ blocks: blockPlans, history: input.history, unknownModels: [...llm.unknownModels], unpricedModels: unpricedModels(llm), failures, unitsExact: units.exact, sampled: sample.length, units: units.total }),
    };
  } finally {
    await renderer.close();
  }
}

function unpricedModels(llm: DryRunLlm): string[] {
  const names = new Set<string>();
  for (const call of llm.calls) if (call.model && call.model.pricePer1kInput === undefined && call.model.pricePer1kOutput === undefined) names.add(call.modelName);
  return [...names];
}

/**
 * The size of one text answer of each block that earlier jobs or tries measured: their mean output per run of the
 * block, over the chat calls one run makes (counted by a dry run of one unit, whose figures are not kept). A block
 * that feeds its own answers back into later calls then renders prompts of the measured size.
 */
async function measureAnswerSizes(unit: Candidate, blocks: readonly ResolvedBlock[], env: UnitEnvironment, llm: DryRunLlm, history: PlanHistory): Promise<void> {
  const counting = new DryRunLlm(llm.settings);
  const tallies = new Map(blocks.map((b) => [b.spec.id, new BlockTally(b.spec)]));
  await dryRunUnit(unit, 0, blocks, { ...env, llm: counting }, counting, history, tallies, 1, []);
  for (const [blockId, tally] of tallies) {
    const measured = history.blocks.get(blockId);
    if (measured && measured.entries > 0 && tally.chatCalls > 0) llm.answerTokens.set(blockId, measured.outputTokens / measured.entries / tally.chatCalls);
  }
}

/** Runs one sampled unit through the blocks; its requests count `weight` times (the units it stands for). */
async function dryRunUnit(
  unit: Candidate,
  index: number,
  blocks: readonly ResolvedBlock[],
  env: UnitEnvironment,
  llm: DryRunLlm,
  history: PlanHistory | undefined,
  tallies: Map<string, BlockTally>,
  weight: number,
  failures: string[],
): Promise<void> {
  let state: Record<string, unknown> = { ...unit.metadata };
  for (const { spec, definition } of blocks) {
    if (env.signal.aborted) throw new CancelledError();
    llm.blockId = spec.id;
    const first = llm.calls.length;
    let output: Record<string, unknown>;
    try {
      output = (await (definition as NormalBlockDefinition).execute(createBlockContext(env, spec, definition, state))).output;
    } catch (e) {
      if (env.signal.aborted) throw new CancelledError();
      failures.push(`Block '${spec.id}' failed in the dry run on seed ${unit.seedIndex + 1}: ${e instanceof Error ? e.message : String(e)}`);
      (tallies.get(spec.id) as BlockTally).add(llm.calls.slice(first), weight);
      return;
    }
    const calls = llm.calls.slice(first);
    const tally = tallies.get(spec.id) as BlockTally;
    tally.add(calls, weight);
    const earlier = earlierOutput(history, spec.id, unit.key, index);
    if (earlier) state = { ...state, ...output, ...earlier };
    else {
      state = { ...state, ...output };
      const marker = JSON.stringify(`⟨${spec.id}`).slice(1, -1);
      for (const [key, value] of Object.entries(output)) if (JSON.stringify(value ?? null).includes(marker)) tally.placeholders.add(key);
    }
  }
}

/** A normal pipeline: seeds × repetitions, exactly; candidates are evenly spread seeds weighted by their repetitions. */
function repetitionUnits(seeds: SeedList, sampleSize: number): { total: number; exact: boolean; candidates: Candidate[] } {
  let total = 0;
  for (let i = 0; i < seeds.length; i++) total += Math.max(0, seeds.repetitionsAt(i));
  const candidates: Candidate[] = [];
  for (const seedIndex of spreadIndices(seeds.length, sampleSize, (i) => seeds.repetitionsAt(i) > 0)) {
    const seed = seeds.at(seedIndex);
    if (seed) candidates.push({ key: repetitionKey(seedIndex, 0), seedIndex, metadata: seed.metadata, weight: seed.repetitions });
  }
  return { total, exact: true, candidates };
}

/** A multiplier pipeline: the multiplier splits (a sample of) the seeds; every chunk is a candidate. */
async function multiplierUnits(
  multiplier: ResolvedBlock,
  seeds: SeedList,
  env: UnitEnvironment,
  llm: DryRunLlm,
  tally: BlockTally,
  maxSeeds: number,
  failures: string[],
): Promise<{ total: number; exact: boolean; candidates: Candidate[] }> {
  let allRepetitions = 0;
  for (let i = 0; i < seeds.length; i++) allRepetitions += Math.max(0, seeds.repetitionsAt(i));
  const chosen = spreadIndices(seeds.length, maxSeeds, (i) => seeds.repetitionsAt(i) > 0);
  let chosenRepetitions = 0;
  for (const i of chosen) chosenRepetitions += seeds.repetitionsAt(i);
  const scale = chosenRepetitions > 0 ? allRepetitions / chosenRepetitions : 0;
  // The multiplier runs once per seed that has units, whatever its repetitions.
  let usableSeeds = 0;
  for (let i = 0; i < seeds.length; i++) if (seeds.repetitionsAt(i) > 0) usableSeeds++;
  const perSeed = chosen.length > 0 ? usableSeeds / chosen.length : 0;
  const candidates: Candidate[] = [];
  let chunks = 0;
  llm.blockId = multiplier.spec.id;
  for (const seedIndex of chosen) {
    if (env.signal.aborted) throw new CancelledError();
    const seed = seeds.at(seedIndex) as Seed;
    const first = llm.calls.length;
    try {
      const out = await (multiplier.definition as MultiplierBlockDefinition).execute(createBlockContext(env, multiplier.spec, multiplier.definition, seed.metadata));
      const base = chunkBaseMetadata(seed.metadata, multiplier.definition.inputs);
      out.items.forEach((item, chunkIndex) => candidates.push({ key: chunkKey(seedIndex, chunkIndex, 0), seedIndex, metadata: { ...base, ...item }, weight: seed.repetitions }));
      chunks += seed.repetitions * out.items.length;
    } catch (e) {
      if (env.signal.aborted) throw new CancelledError();
      failures.push(`Block '${multiplier.spec.id}' failed in the dry run on seed ${seedIndex + 1}: ${e instanceof Error ? e.message : String(e)}`);
    }
    tally.add(llm.calls.slice(first), perSeed);
  }
  return { total: Math.round(chunks * scale), exact: chosen.length === usableSeeds, candidates };
}

/** Up to `count` indices of [0, n) spread evenly, skipping those `usable` refuses (the next usable one instead). */
function spreadIndices(n: number, count: number, usable: (i: number) => boolean): number[] {
  const picked: number[] = [];
  if (n <= count) {
    for (let i = 0; i < n; i++) if (usable(i)) picked.push(i);
    return picked;
  }
  let last = -1;
  for (let j = 0; j < count; j++) {
    let i = Math.max(last + 1, Math.floor(((j + 0.5) * n) / count));
    while (i < n && !usable(i)) i++;
    if (i >= n) break;
    picked.push(i);
    last = i;
  }
  return picked;
}

function spread<T>(items: readonly T[], count: number): T[] {
  return spreadIndices(items.length, count, () => true).map((i) => items[i]);
}
