import type { ModelConfig } from '../llm/llmTypes';
import { OpenAiLlmClient } from '../llm/openAiClient';
import type { BlockSpec } from '../pipeline/pipelineTypes';
import type { PlannedCall } from './dryRunLlm';
import type { PlanHistory } from './planHistory';
import type { BlockPlan, OutputSource, PlanTotals } from './planTypes';
import { SCHEMA_STRING_TOKENS, TEXT_ANSWER_TOKENS } from './placeholderAnswers';

interface ModelTally {
  config: ModelConfig | undefined;
  inputTokens: number;
  chatCalls: number;
  maxTokens: number;
}

/** One block's requests in the dry run, each counted for the units its sampled unit stands for. */
export class BlockTally {
  calls = 0;
  inputTokens = 0;
  /** Of inputTokens, those of placeholder answers. */
  placeholderTokens = 0;
  chatCalls = 0;
  maxTokens = 0;
  /** Chat requests without max_tokens: their answers have no upper bound. */
  unbounded = 0;
  readonly models = new Map<string, ModelTally>();
  readonly placeholders = new Set<string>();

  constructor(readonly spec: BlockSpec) {}

  add(calls: readonly PlannedCall[], weight: number): void {
    for (const call of calls) {
      this.calls += weight;
      this.inputTokens += call.inputTokens * weight;
      this.placeholderTokens += call.placeholderTokens * weight;
      const model = this.models.get(call.modelName) ?? { config: call.model, inputTokens: 0, chatCalls: 0, maxTokens: 0 };
      model.inputTokens += call.inputTokens * weight;
      if (call.kind === 'chat') {
        this.chatCalls += weight;
        model.chatCalls += weight;
        if (call.maxTokens === undefined) this.unbounded += weight;
        else {
          this.maxTokens += call.maxTokens * weight;
          model.maxTokens += call.maxTokens * weight;
        }
      }
      this.models.set(call.modelName, model);
    }
  }
}

export function blockPlanOf(tally: BlockTally, units: number, history: PlanHistory | undefined): BlockPlan {
  const earlier = history?.blocks.get(tally.spec.id);
  let outputSource: OutputSource;
  let outputTokens: number | undefined;
  if (tally.chatCalls === 0) {
    outputSource = 'none';
    outputTokens = 0;
  } else if (earlier && earlier.entries > 0) {
    outputSource = earlier.tryEntries === 0 ? 'earlier-jobs' : earlier.tryEntries === earlier.entries ? 'tries' : 'earlier-jobs-and-tries';
    outputTokens = (earlier.outputTokens / earlier.entries) * units;
  } else if (tally.unbounded === 0) {
    outputSource = 'max-tokens';
    outputTokens = tally.maxTokens;
  } else {
    outputSource = 'unknown';
  }
  return {
    id: tally.spec.id,
    type: tally.spec.type,
    ...(tally.spec.name ? { name: tally.spec.name } : {}),
    calls: Math.round(tally.calls),
    inputTokens: Math.round(tally.inputTokens),
    ...(tally.placeholderTokens > 0 ? { placeholderInputTokens: Math.round(tally.placeholderTokens) } : {}),
    ...(outputTokens !== undefined ? { outputTokens: Math.round(outputTokens) } : {}),
    outputSource,
    ...costOf(tally, outputSource, outputTokens),
    models: [...tally.models.keys()],
    placeholders: [...tally.placeholders].filter((field) => !field.startsWith('_')),
  };
}

/** The block's cost: each model's input at its input price, the answers (split by chat requests) at its output price. */
function costOf(tally: BlockTally, source: OutputSource, outputTokens: number | undefined): { cost?: number } {
  if (tally.calls === 0) return { cost: 0 };
  if (outputTokens === undefined) return {};
  let cost = 0;
  for (const model of tally.models.values()) {
    if (!model.config) return {};
    const output = source === 'max-tokens' ? model.maxTokens : tally.chatCalls > 0 ? (outputTokens * model.chatCalls) / tally.chatCalls : 0;
    const part = OpenAiLlmClient.costOf({ input_tokens: model.inputTokens, output_tokens: output, cached_tokens: 0 }, model.config);
    if (part === undefined) return {};
    cost += part;
  }
  return { cost };
}

export function planTotals(blocks: readonly BlockPlan[]): PlanTotals {
  const sources = new Set(blocks.map((b) => b.outputSource));
  const outputSource: OutputSource = sources.has('unknown') ? 'unknown' : sources.has('max-tokens') ? 'max-tokens' : measuredSource(sources);
  const calling = blocks.filter((b) => b.calls > 0);
  const priced = calling.filter((b) => b.cost !== undefined);
  const placeholderInputTokens = blocks.reduce((s, b) => s + (b.placeholderInputTokens ?? 0), 0);
  return {
    calls: blocks.reduce((s, b) => s + b.calls, 0),
    inputTokens: blocks.reduce((s, b) => s + b.inputTokens, 0),
    ...(placeholderInputTokens > 0 ? { placeholderInputTokens } : {}),
    outputTokens: blocks.reduce((s, b) => s + (b.outputTokens ?? 0), 0),
    outputSource,
    ...(priced.length > 0 || calling.length === 0 ? { cost: priced.reduce((s, b) => s + (b.cost ?? 0), 0) } : {}),
    costComplete: priced.length === calling.length,
  };
}

/** Where the measured output figures came from, over the blocks: jobs, tries, or both ('none' when no block calls). */
function measuredSource(sources: ReadonlySet<OutputSource>): OutputSource {
  const jobs = sources.has('earlier-jobs') || sources.has('earlier-jobs-and-tries');
  const tries = sources.has('tries') || sources.has('earlier-jobs-and-tries');
  return jobs && tries ? 'earlier-jobs-and-tries' : jobs ? 'earlier-jobs' : tries ? 'tries' : 'none';
}

export interface NotesInput {
  blocks: readonly BlockPlan[];
  history: PlanHistory | undefined;
  unknownModels: string[];
  /** Configured models the plan's requests use that have neither price. */
  unpricedModels: string[];
  failures: string[];
  unitsExact: boolean;
  sampled: number;
  units: number;
}

/** What the user should know about where the figures come from. */
export function planNotes(input: NotesInput): string[] {
  const notes: string[] = [];
  notes.push(`Input tokens: prompts rendered for ${input.sampled} of ${input.units} unit(s), counted with cl100k_base (chat framing and json_schema included).`);
  if (!input.unitsExact) notes.push('Units: the multiplier split an even sample of the seeds; the total is scaled from it.');
  const placeholders = input.blocks.flatMap((b) => b.placeholders.map((f) => `${b.id}.${f}`));
  if (placeholders.length > 0) {
    const guessed = input.blocks.reduce((s, b) => s + (b.placeholderInputTokens ?? 0), 0);
    const total = input.blocks.reduce((s, b) => s + b.inputTokens, 0);
    const share = guessed > 0 && total > 0 ? ` ~${Math.round(guessed).toLocaleString('en-US')} of the input tokens (${Math.round((guessed / total) * 100)}%) are those guesses, not counts` : '';
    notes.push(
      `No earlier job or try: later prompts saw named placeholders for ${placeholders.join(', ')} ` +
        `(~${TEXT_ANSWER_TOKENS} tokens for a text answer, ~${SCHEMA_STRING_TOKENS} per JSON string);${share}. ` +
        'Try a seed (▶ Try, or datagenflow try) and the plan uses its real answers.',
    );
  }
  const h = input.history;
  if (h && h.jobIds.length > 0) {
    const tries = h.tries > 0 ? `, output tokens and outputs also from ${h.tries} kept try(s)` : '';
    notes.push(`Output tokens, outputs and time from ${h.records} record(s) of earlier job(s) #${h.jobIds.join(', #')}${tries}.`);
  } else if (h && h.tries > 0) {
    notes.push(`Output tokens and outputs from ${h.tries} kept try(s) of this pipeline (no earlier job).`);
  }
  const bounded = input.blocks.filter((b) => b.outputSource === 'max-tokens').map((b) => b.id);
  if (bounded.length > 0) notes.push(`Output tokens of ${bounded.join(', ')}: max_tokens, an upper bound (no earlier job or try).`);
  const unknown = input.blocks.filter((b) => b.outputSource === 'unknown').map((b) => b.id);
  if (unknown.length > 0) notes.push(`Output tokens of ${unknown.join(', ')}: unknown (no max_tokens and no earlier job or try).`);
  if (input.unpricedModels.length > 0) {
    notes.push(`No price (pricePer1kInput/pricePer1kOutput in datagenflow.models) for ${input.unpricedModels.join(', ')}: cost not counted there.`);
  }
  if (input.unknownModels.length > 0) notes.push(`Not configured: ${input.unknownModels.join(', ')} (the run would fail on them).`);
  if (!h || h.jobIds.length === 0) notes.push('Time: unknown until a job of this pipeline has run (it is measured from earlier jobs).');
  for (const failure of input.failures.slice(0, 3)) notes.push(failure);
  if (input.failures.length > 3) notes.push(`…and ${input.failures.length - 3} more dry-run failure(s).`);
  return notes;
}

/** Mean prices of the plan's requests (per 1k tokens, weighted by input tokens and by chat requests), for an actual cost at the same prices. */
export function blendedPrices(tallies: Iterable<BlockTally>): { perKInput: number; perKOutput: number } | undefined {
  let input = 0;
  let inputCost = 0;
  let chats = 0;
  let outputPrice = 0;
  for (const tally of tallies) {
    for (const model of tally.models.values()) {
      const config = model.config;
      if (!config || (config.pricePer1kInput === undefined && config.pricePer1kOutput === undefined)) continue;
      input += model.inputTokens;
      inputCost += model.inputTokens * (config.pricePer1kInput ?? 0);
      chats += model.chatCalls;
      outputPrice += model.chatCalls * (config.pricePer1kOutput ?? 0);
    }
  }
  if (input === 0 && chats === 0) return undefined;
  return { perKInput: input > 0 ? inputCost / input : 0, perKOutput: chats > 0 ? outputPrice / chats : 0 };
}
