import type { BlockContext, BlockDefinition, BlockRegistry, MultiplierBlockDefinition, NormalBlockDefinition } from '../blocks/blockTypes';
import { CancelledError, DgfError, TemplateError } from '../errors';
import { parseJsonDocument } from '../json/parseJsonDocument';
import { executionOrder } from '../pipeline/executionOrder';
import type { BlockSpec, PipelineFile } from '../pipeline/pipelineTypes';
import { createBlockContext, type UnitEnvironment } from '../run/blockContext';
import { chunkBaseMetadata } from '../run/unitPlan';
import type { Seed } from '../seeds/seedTypes';
import type { TemplateRenderer } from '../templates/templateRenderer';
import { outputPlaceholder, PreviewLlm } from './previewLlm';
import type { PreviewError, PreviousOutputs, PromptPreview, UpstreamSource } from './previewTypes';
import { templateErrorLocation } from './templateErrorLocation';

export interface PreviewInput {
  /** The pipeline's text as in its editor (saved or not). */
  text: string;
  blockId: string;
  seed: Seed;
  /** The seed's index in the seed file's usable seeds (what tries are kept under). */
  seedIndex: number;
  registry: BlockRegistry;
  /** The engine's renderer (its budgets apply); the caller owns and closes it. */
  renderer: TemplateRenderer;
  /** The last try's outputs of earlier blocks for this seed; without it LLM answers are placeholders. */
  previous?: PreviousOutputs;
  signal?: AbortSignal;
}

/** The preview cannot be made from this text: not JSON, not a pipeline, or the block is not on the path. */
export class PreviewUnavailableError extends DgfError {
  constructor(message: string) {
    super('preview-unavailable', message);
  }
}

/**
 * The requests one block would send for one seed, built by the engine itself: the blocks before it run as in a job
 * (same render path and budgets, each block's own prompt building) against a model stand-in that sends nothing and
 * answers with named placeholders; an earlier block's outputs come from the last try of the seed when there is one.
 * A template of the block that fails to render ends the preview with the error at its template line.
 */
export async function previewPrompts(input: PreviewInput): Promise<PromptPreview> {
  const document = parseJsonDocument(input.text);
  if (document.value === undefined) throw new PreviewUnavailableError(`The pipeline is not valid JSON: ${document.problems[0]?.message ?? 'syntax error'}`);
  const pipeline = document.value as PipelineFile;
  let order: BlockSpec[];
  try {
    order = executionOrder(pipeline);
  } catch (e) {
    throw new PreviewUnavailableError(`The pipeline's blocks cannot be ordered: ${e instanceof Error ? e.message : String(e)}`);
  }
  const at = order.findIndex((b) => b.id === input.blockId);
  if (at < 0) {
    const exists = Array.isArray(pipeline.blocks) && pipeline.blocks.some((b) => b.id === input.blockId);
    throw new PreviewUnavailableError(
      exists ? `Block '${input.blockId}' is not on the path from Start to End: connect it to preview its prompts.` : `The pipeline has no block '${input.blockId}'.`,
    );
  }
  const resolved = order.slice(0, at + 1).map((spec) => {
    const definition = input.registry.get(spec.type);
    if (!definition) throw new PreviewUnavailableError(`Unknown block type '${spec.type}' (block '${spec.id}').`);
    return { spec, definition };
  });

  const llm = new PreviewLlm();
  const signal = input.signal ?? new AbortController().signal;
  const env: UnitEnvironment = { jobId: 'preview', llm, renderer: input.renderer, signal, secrets: async () => undefined, pipelineName: pipeline.name };
  const target = resolved[at];
  const upstream: UpstreamSource[] = [];
  let state: Record<string, unknown> = { ...input.seed.metadata };
  let chunk: PromptPreview['chunk'];
  const base = { blockId: target.spec.id, blockType: target.spec.type, ...(target.spec.name ? { blockName: target.spec.name } : {}), seedIndex: input.seedIndex };

  for (const [index, { spec, definition }] of resolved.entries()) {
    if (signal.aborted) throw new CancelledError();
    llm.blockId = spec.id;
    const first = llm.requests.length;
    const isTarget = index === at;
    const ctx = withTemplateLocation(createBlockContext(env, spec, definition, state), spec.id);
    if (isTarget) {
      try {
        await execute(definition, ctx);
      } catch (e) {
        if (signal.aborted) throw new CancelledError();
        return { ...base, ...(chunk ? { chunk } : {}), requests: llm.requests.slice(first), upstream, error: previewError(e, input.text, spec, input.registry) };
      }
      return { ...base, ...(chunk ? { chunk } : {}), requests: llm.requests.slice(first), upstream };
    }
    const previous = await input.previous?.lastOutput(spec.id, input.seedIndex);
    if (previous && !definition.isMultiplier) {
      state = { ...state, ...previous.output };
      upstream.push({ blockId: spec.id, blockType: spec.type, kind: 'previous', detail: previous.from, placeholders: [] });
      continue;
    }
    try {
      if (definition.isMultiplier) {
        const items = (await (definition as MultiplierBlockDefinition).execute(ctx)).items;
        chunk = { index: 0, count: items.length };
        state = { ...chunkBaseMetadata(state, definition.inputs), ...(items[0] ?? {}) };
      } else {
        state = { ...state, ...(await (definition as NormalBlockDefinition).execute(ctx)).output };
      }
      const placeholders = llm.requests.length > first ? outputsWithPlaceholder(state, definition, spec.id) : [];
      upstream.push({ blockId: spec.id, blockType: spec.type, kind: placeholders.length > 0 ? 'placeholder' : 'computed', placeholders });
    } catch (e) {
      if (signal.aborted) throw new CancelledError();
      const outputs = definition.outputs.filter((o) => o !== '*');
      for (const name of outputs) state = { ...state, [name]: outputPlaceholder(spec.id, name) };
      upstream.push({ blockId: spec.id, blockType: spec.type, kind: 'failed', detail: e instanceof Error ? e.message : String(e), placeholders: outputs });
    }
  }
  throw new PreviewUnavailableError(`The pipeline has no block '${input.blockId}'.`);
}

async function execute(definition: BlockDefinition, ctx: BlockContext): Promise<void> {
  if (definition.isMultiplier) await definition.execute(ctx);
  else await definition.execute(ctx);
}

/** A render failure carries the config field and template it came from, so the preview can point at its line. */
class FieldRenderError extends Error {
  constructor(
    readonly original: unknown,
    readonly field: string | undefined,
    readonly template: string,
  ) {
    super(original instanceof Error ? original.message : String(original));
  }
}

function withTemplateLocation(ctx: BlockContext, blockId: string): BlockContext {
  return {
    ...ctx,
    render: async (template, field) => {
      try {
        return await ctx.render(template, field);
      } catch (e) {
        if (e instanceof TemplateError && (e.blockId === undefined || e.blockId === blockId)) throw new FieldRenderError(e, field, template);
        throw e;
      }
    },
  };
}

function previewError(e: unknown, text: string, spec: BlockSpec, registry: BlockRegistry): PreviewError {
  if (!(e instanceof FieldRenderError)) return { message: e instanceof Error ? e.message : String(e), blockId: spec.id };
  const variable = e.original instanceof TemplateError ? e.original.variable : undefined;
  const location = e.field ? templateErrorLocation(text, spec.id, e.field, e.template, e.message, variable, registry) : undefined;
  return { message: e.message, blockId: spec.id, ...(e.field ? { field: e.field } : {}), ...location };
}

/** The block's outputs that hold one of its placeholders (`⟨answer from block "id"…⟩`). */
function outputsWithPlaceholder(state: Record<string, unknown>, definition: BlockDefinition, blockId: string): string[] {
  const marker = JSON.stringify(`block ${JSON.stringify(blockId)}`).slice(1, -1);
  const names = definition.outputs.includes('*') ? Object.keys(state) : definition.outputs;
  return names.filter((name) => name in state && JSON.stringify(state[name] ?? null).includes(marker));
}
