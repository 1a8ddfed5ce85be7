import type { ModelConfig, ModelSettings } from '../llm/llmTypes';
import { resolveChatModel } from '../llm/modelResolver';
import { formatCost } from '../plan/planEstimate';
import type { BlockPlan, RunPlan } from '../plan/planTypes';

export const DEFAULT_BATCH_DISCOUNT = 0.5;

/** A model's batch prices per 1k tokens: its batch prices when set, else its online prices × its batch discount. */
export function batchPrices(config: ModelConfig): { perKInput?: number; perKOutput?: number } {
  const discount = config.batchDiscount ?? DEFAULT_BATCH_DISCOUNT;
  const scaled = (batch: number | undefined, online: number | undefined) => batch ?? (online === undefined ? undefined : online * discount);
  return { perKInput: scaled(config.batchPricePer1kInput, config.pricePer1kInput), perKOutput: scaled(config.batchPricePer1kOutput, config.pricePer1kOutput) };
}

/** A plan's cost both ways, and how long the provider may take. */
export interface BatchPlan {
  /** USD online (the plan's own figure); undefined without prices. */
  onlineCost?: number;
  /** USD through the Batch API; undefined without prices. */
  batchCost?: number;
  completionWindow: string;
  /** LLM stages: the number of model calls in a row a unit makes (each is a batch round). */
  stages: number;
}

/**
 * The plan's blocks priced at batch prices (see blockBatchCost), its online cost and its LLM stages. Chat blocks
 * only; embeddings run online in batch jobs.
 */
export function batchPlanOf(plan: RunPlan, settings: ModelSettings, completionWindow: string): BatchPlan {
  let batchCost: number | undefined;
  let stages = 0;
  for (const block of plan.blocks) {
    if (block.calls === 0) continue;
    stages++;
    if (block.cost !== undefined) batchCost = (batchCost ?? 0) + blockBatchCost(block, block.cost, settings);
  }
  return { ...(plan.totals.cost !== undefined ? { onlineCost: plan.totals.cost } : {}), ...(batchCost !== undefined ? { batchCost } : {}), completionWindow, stages };
}

/**
 * The plan as a batch job would cost: each block's and the total cost at batch prices (see batchPlanOf), and a note
 * that says so, with the provider's completion window. What Generate confirms and keeps with a batch job.
 */
export function batchPricedPlan(plan: RunPlan, settings: ModelSettings, completionWindow: string): RunPlan {
  const blocks = plan.blocks.map((block) => (block.cost === undefined || block.calls === 0 ? block : { ...block, cost: blockBatchCost(block, block.cost, settings) }));
  const b = batchPlanOf(plan, settings, completionWindow);
  const note = `Batch job: costs at batch prices (online ${b.onlineCost === undefined ? 'unknown' : formatCost(b.onlineCost)}); ${b.stages} stage(s), each within the provider's ${completionWindow} window.`;
  return { ...plan, blocks, totals: { ...plan.totals, ...(b.batchCost !== undefined ? { cost: b.batchCost } : {}) }, notes: [...plan.notes, note] };
}

/** `Batch: $0.06 (online $0.12), 2 stages, each within the provider's 24h window` */
export function batchPlanText(b: BatchPlan): string {
  const cost = b.batchCost === undefined ? 'cost unknown (no model prices)' : `${formatCost(b.batchCost)} (online ${b.onlineCost === undefined ? '?' : formatCost(b.onlineCost)})`;
  return `Batch: ${cost}, ${b.stages} stage${b.stages === 1 ? '' : 's'}, each within the provider's ${b.completionWindow} window`;
}

/**
 * One block's `onlineCost` at batch prices: its tokens at its model's explicit batch prices, else the online cost
 * scaled by the model's batch discount; unchanged when its model is unknown.
 */
function blockBatchCost(block: BlockPlan, onlineCost: number, settings: ModelSettings): number {
  const config = safeModel(settings, block.models[0]);
  if (!config) return onlineCost;
  if (config.batchPricePer1kInput === undefined && config.batchPricePer1kOutput === undefined) return onlineCost * (config.batchDiscount ?? DEFAULT_BATCH_DISCOUNT);
  const prices = batchPrices(config);
  return (block.inputTokens * (prices.perKInput ?? 0) + (block.outputTokens ?? 0) * (prices.perKOutput ?? 0)) / 1000;
}

function safeModel(settings: ModelSettings, name: string | undefined): ModelConfig | undefined {
  try {
    return resolveChatModel(settings, name);
  } catch {
    return undefined;
  }
}
