import type { BlockRegistry } from '../blocks/blockTypes';
import type { Locate } from '../json/jsonLocator';
import type { Problem } from '../problems';
import type { RenderLimits } from '../templates/renderLimits';
import { checkBlockConfigs } from './checkBlockConfigs';
import { checkConfigTemplates } from './checkConfigTemplates';
import { checkMultipliers } from './checkMultipliers';
import { checkPipelineGraph } from './checkPipelineGraph';
import { checkPipelineSchema } from './checkPipelineSchema';
import { graphOrder } from './graphOrder';
import { buildPipelineGraph } from './pipelineGraph';
import { readPipelineShape } from './pipelineShape';

/**
 * Every problem of a pipeline, not just the first: file schema, block types and configs, edges, graph shape
 * (connected, acyclic, linear) and the multiplier rules. Accepts any value, so a file that fails the schema
 * still gets its graph checked as far as it can be read. Pass `locate` (from `parseJsonDocument`) to range the
 * problems in the source text. A pipeline with no `error` problem can run. `options.renderLimits`: the render budgets
 * templates are checked against (defaults where missing).
 */
export function validatePipeline(pipeline: unknown, registry: BlockRegistry, locate?: Locate, options: ValidateOptions = {}): Problem[] {
  const shape = readPipelineShape(pipeline);
  const { graph, problems: edgeProblems } = buildPipelineGraph(shape, locate);
  return [
    ...checkPipelineSchema(pipeline, locate),
    ...checkBlockConfigs(shape.blocks, registry, locate),
    ...checkConfigTemplates(shape.blocks, registry, options.renderLimits, locate),
    ...edgeProblems,
    ...checkPipelineGraph(graph, shape, locate),
    ...checkMultipliers(graph, graphOrder(graph), registry, locate),
  ];
}

export interface ValidateOptions {
  renderLimits?: Partial<RenderLimits>;
}
