import type { BlockDefinition, BlockRegistry } from '../blocks/blockTypes';
import { describeAjvError } from '../json/describeAjvError';
import type { Locate } from '../json/jsonLocator';
import type { ErrorObject } from 'ajv';
import type { JsonPath } from '../json/jsonPath';
import type { Problem, ProblemFix } from '../problems';
import { closestName } from './closestName';
import { configValidator } from './configValidator';
import { configWithDefaults } from './configWithDefaults';
import { blockLabel } from './pipelineLabels';
import { pipelineProblem } from './pipelineProblem';
import { PipelineProblemCode } from './pipelineProblemCodes';
import type { BlockView } from './pipelineShape';

/**
 * Per block: the type is known, and the config matches the type's config schema (ajv): value types, unknown keys
 * (warnings), required values present and non-empty ("Not Configured"), and the block can read it.
 */
export function checkBlockConfigs(blocks: readonly BlockView[], registry: BlockRegistry, locate?: Locate): Problem[] {
  const problems: Problem[] = [];
  for (const block of blocks) {
    if (!block.type) continue; // missing or empty: the schema check reports it
    const definition = registry.get(block.type);
    if (!definition) {
      problems.push(unknownType(block, block.type, registry, locate));
      continue;
    }
    if (block.config) problems.push(...configProblems(block, block.config, definition, locate));
  }
  return problems;
}

function unknownType(block: BlockView, type: string, registry: BlockRegistry, locate?: Locate): Problem {
  const known = registry.types();
  const guess = closestName(type, known);
  return pipelineProblem(
    {
      code: PipelineProblemCode.UnknownBlockType,
      message:
        `${blockLabel({ id: block.id })} has unknown block type "${type}".` +
        (guess ? ` Did you mean "${guess}"?` : '') +
        ` Known types: ${known.join(', ')}.`,
      path: ['blocks', block.index, 'type'],
      blockId: block.id,
    },
    locate,
  );
}

function configProblems(block: BlockView, config: Record<string, unknown>, definition: BlockDefinition, locate?: Locate): Problem[] {
  const label = blockLabel(block);
  const basePath = ['blocks', block.index, 'config'];
  const validate = configValidator(definition.configSchema);
  if (validate instanceof Error) {
    return [
      pipelineProblem(
        {
          code: PipelineProblemCode.BlockDefinitionBroken,
          message: `${label}: the block type's config schema is invalid (${validate.message}). Fix the block definition; its config cannot be checked.`,
          path: basePath,
          blockId: block.id,
        },
        locate,
      ),
    ];
  }

  const problems: Problem[] = [];
  const required = new Set(definition.configSchema.required);
  const missing = [...required].filter((key) => isEmptyValue(config[key]));
  for (const key of missing) {
    const title = definition.configSchema.properties[key]?.title;
    const state = config[key] === undefined ? 'missing' : 'empty';
    problems.push(
      pipelineProblem(
        {
          code: PipelineProblemCode.ConfigMissingRequired,
          message: `${label} is not configured: config "${key}"${title ? ` (${title})` : ''} is required but ${state}. Set it in the block's config.`,
          path: [...basePath, key],
          blockId: block.id,
        },
        locate,
      ),
    );
  }

  validate(config);
  let valid = true;
  for (const error of validate.errors ?? []) {
    const described = describeAjvError(error, { data: config, basePath, labelPath: ['config'] });
    const key = described.relativePath[0];
    // Required-ness is checked above, with the reference's rule that an empty string is as good as missing.
    if (error.keyword === 'required' || (typeof key === 'string' && missing.includes(key))) continue;
    if (error.keyword === 'additionalProperties' && typeof key === 'string') {
      const known = Object.keys(definition.configSchema.properties);
      const guess = closestName(key, known);
      problems.push(
        pipelineProblem(
          {
            severity: 'warning',
            code: PipelineProblemCode.ConfigUnknownKey,
            message:
              `${label}: unknown config key "${key}" is not a setting of ${definition.type} and is ignored.` +
              (guess ? ` Did you mean "${guess}"?` : '') +
              ` Known keys: ${known.join(', ') || '(none)'}.`,
            path: described.path,
            blockId: block.id,
            rangeAtKey: true,
          },
          locate,
        ),
      );
      continue;
    }
    valid = false;
    const fix = clampFix(error, described.relativePath, described.path, config);
    problems.push(
      pipelineProblem(
        {
          code: PipelineProblemCode.ConfigInvalid,
          message: `${label}: ${described.text}. ${fix ? `${fix.title} (the nearest allowed value), or fix` : 'Fix'} the value in the block's config.`,
          path: described.path,
          blockId: block.id,
          ...(fix ? { fix } : {}),
        },
        locate,
      ),
    );
  }

  // Only a config that passes its schema (unknown keys aside) goes to the block: implementations may assume the declared types.
  if (valid && missing.length === 0) {
    try {
      const withDefaults = configWithDefaults(config, definition.configSchema);
      definition.requiredFields(withDefaults);
      definition.optionalFields?.(withDefaults);
    } catch (e) {
      problems.push(
        pipelineProblem(
          {
            code: PipelineProblemCode.ConfigInvalid,
            message: `${label}: its config cannot be used: ${e instanceof Error ? e.message : String(e)}. Fix the block's config (a prompt or template, most likely).`,
            path: basePath,
            blockId: block.id,
          },
          locate,
        ),
      );
    }
  }
  return problems;
}

/**
 * A number config outside its inclusive bounds has an obvious fix: the bound it crossed, which is what the reference
 * does at run time for e.g. RagasMetrics' score_threshold (it clamps silently). Here the file stays invalid until
 * the user takes the fix, so a typo such as 5 for 0.5 is seen rather than quietly run as 1.
 */
function clampFix(error: ErrorObject, relativePath: JsonPath, path: JsonPath, config: Record<string, unknown>): ProblemFix | undefined {
  if (error.keyword !== 'minimum' && error.keyword !== 'maximum') return undefined;
  const key = relativePath[0];
  if (relativePath.length !== 1 || typeof key !== 'string' || typeof config[key] !== 'number') return undefined;
  const limit = (error.params as { limit?: unknown }).limit;
  if (typeof limit !== 'number' || !Number.isFinite(limit)) return undefined;
  return { title: `Set ${key} to ${limit}`, path, value: limit };
}

/** The reference's "Configured" test: a required value must be present and not blank. */
function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}
