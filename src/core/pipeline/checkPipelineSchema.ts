import type { ErrorObject, ValidateFunction } from 'ajv';
import { createAjv } from '../json/createAjv';
import { describeAjvError } from '../json/describeAjvError';
import type { Locate } from '../json/jsonLocator';
import { isJsonObject } from '../json/jsonPath';
import type { Problem } from '../problems';
import pipelineSchema from './pipeline.schema.json';
import { blockLabel } from './pipelineLabels';
import { pipelineProblem } from './pipelineProblem';
import { PipelineProblemCode } from './pipelineProblemCodes';

let validator: ValidateFunction | undefined;

function pipelineValidator(): ValidateFunction {
  validator ??= createAjv().compile(pipelineSchema);
  return validator;
}

/** Every way `value` departs from pipeline.schema.json, as problems at the offending values. */
export function checkPipelineSchema(value: unknown, locate?: Locate): Problem[] {
  const validate = pipelineValidator();
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => schemaProblem(error, value, locate));
}

function schemaProblem(error: ErrorObject, value: unknown, locate?: Locate): Problem {
  const described = describeAjvError(error, { data: value, rootLabel: 'The pipeline file' });
  const path = described.path;
  let text = described.text;
  let hint = HINTS[error.keyword] ?? '';

  const block = path[0] === 'blocks' && typeof path[1] === 'number' ? blockAt(value, path[1]) : undefined;
  const isBlockId = block !== undefined && path.length === 3 && path[2] === 'id';
  if (isBlockId && error.keyword === 'not') {
    text = `blocks[${String(path[1])}].id "${String(block.id)}" is reserved for the ${block.id === 'start' ? 'Start' : 'End'} node`;
  }
  if (isBlockId && (error.keyword === 'not' || error.keyword === 'pattern')) hint = 'Rename the block (and the edges that use its id).';
  if (path[0] === 'constraints' && (error.keyword === 'minimum' || error.keyword === 'type')) hint = 'Use -1 or null for no limit.';
  if (path[0] === 'version') hint = error.keyword === 'required' ? 'Add "version": 1.' : 'This extension reads pipeline format version 1.';

  const prefix = block && typeof block.id === 'string' ? `${blockLabel({ id: block.id, type: typeof block.type === 'string' ? block.type : undefined })}: ` : '';
  return pipelineProblem(
    {
      code: PipelineProblemCode.Schema,
      message: `${prefix}${text}.${hint ? ` ${hint}` : ''}`,
      path,
      blockId: block && typeof block.id === 'string' ? block.id : undefined,
    },
    locate,
  );
}

const HINTS: Record<string, string> = {
  required: 'Add it.',
};

function blockAt(value: unknown, index: number): Record<string, unknown> | undefined {
  const blocks = isJsonObject(value) ? value.blocks : undefined;
  const block: unknown = Array.isArray(blocks) ? blocks[index] : undefined;
  return isJsonObject(block) ? block : undefined;
}
