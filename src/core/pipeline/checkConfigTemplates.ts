import type { BlockRegistry } from '../blocks/blockTypes';
import type { Locate } from '../json/jsonLocator';
import type { JsonPath } from '../json/jsonPath';
import type { Problem } from '../problems';
import { renderLimitsFrom, type RenderLimits } from '../templates/renderLimits';
import { templateBudgetProblems } from '../templates/templateBudgetProblems';
import { blockLabel } from './pipelineLabels';
import { pipelineProblem } from './pipelineProblem';
import { PipelineProblemCode } from './pipelineProblemCodes';
import type { BlockView } from './pipelineShape';

/**
 * Per block, the templates of its template fields (prompt, template, json-or-template: a string, or the strings
 * inside an object such as FieldMapper's mappings) that are sure to fail whatever the data: unsupported tags,
 * exponent numbers, budgets their literal values already exceed. Errors name the block and the config field.
 */
export function checkConfigTemplates(blocks: readonly BlockView[], registry: BlockRegistry, limits?: Partial<RenderLimits>, locate?: Locate): Problem[] {
  const budget = renderLimitsFrom(limits);
  const problems: Problem[] = [];
  for (const block of blocks) {
    const definition = block.type ? registry.get(block.type) : undefined;
    if (!definition || !block.config) continue;
    for (const [key, field] of Object.entries(definition.configSchema.properties)) {
      if (!field.format || !(key in block.config)) continue;
      for (const [path, template] of templatesIn(block.config[key], [key])) {
        for (const message of templateBudgetProblems(template, budget)) {
          problems.push(
            pipelineProblem(
              {
                code: PipelineProblemCode.TemplateSureToFail,
                message: `${blockLabel(block)}, config "${path.join('.')}": ${message}`,
                path: ['blocks', block.index, 'config', ...path],
                blockId: block.id,
              },
              locate,
            ),
          );
        }
      }
    }
  }
  return problems;
}

function templatesIn(value: unknown, path: (string | number)[]): [JsonPath, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => (typeof v === 'string' ? ([[[...path, Array.isArray(value) ? Number(k) : k], v]] as [JsonPath, string][]) : []));
}
