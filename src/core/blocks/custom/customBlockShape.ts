import { isDeepStrictEqual } from 'node:util';
import type { ValidateFunction } from 'ajv';
import type { BlockCategory, BlockDefinition, ConfigSchema } from '../blockTypes';
import { createAjv, EDITOR_FORMATS } from '../../json/createAjv';
import { describeAjvError } from '../../json/describeAjvError';

export const BLOCK_CATEGORIES = ['generators', 'validators', 'metrics', 'seeders', 'utilities', 'integrations', 'general'] as const satisfies readonly BlockCategory[];
// Fails to compile when blockTypes.ts gains a category this list lacks.
const categoriesComplete: [Exclude<BlockCategory, (typeof BLOCK_CATEGORIES)[number]>] extends [never] ? true : false = true;
void categoriesComplete;

/** Block types are class-like names: they appear in pipeline files and must be safe as file names. */
export const BLOCK_TYPE_PATTERN = /^[A-Z][A-Za-z0-9]*$/;

const VALUE_TYPES = ['string', 'integer', 'number', 'boolean', 'object', 'array', 'null'];
const valueType = { enum: VALUE_TYPES };

/** Meta-schema of `ConfigField` (blockTypes.ts): the keywords the editor and the config checks understand. */
const configField = {
  type: 'object',
  properties: {
    // if/then instead of anyOf: one clear error instead of one per branch.
    type: { if: { type: 'string' }, then: valueType, else: { type: 'array', items: valueType, minItems: 1, uniqueItems: true } },
    title: { type: 'string' },
    description: { type: 'string' },
    default: {},
    enum: { type: 'array', minItems: 1 },
    items: {
      type: 'object',
      properties: { type: valueType, enum: { type: 'array', minItems: 1 } },
      required: ['type'],
      additionalProperties: false,
    },
    minimum: { type: 'number' },
    maximum: { type: 'number' },
    isFieldReference: { type: 'boolean' },
    format: { enum: [...EDITOR_FORMATS] },
    modelKind: { enum: ['llm', 'embedding'] },
  },
  required: ['type'],
  additionalProperties: false,
};

/** Meta-schema of `ConfigSchema`. */
const configSchemaShape = {
  type: 'object',
  properties: {
    type: { const: 'object' },
    properties: { type: 'object', additionalProperties: configField },
    required: { type: 'array', items: { type: 'string' }, uniqueItems: true },
    additionalProperties: { const: false },
  },
  required: ['type', 'properties', 'required', 'additionalProperties'],
  additionalProperties: false,
};

const stringList = { type: 'array', items: { type: 'string', minLength: 1 } };

/** The data part of a custom block; functions are checked by hand (JSON Schema has no function type). */
const blockShape = {
  type: 'object',
  properties: {
    type: { type: 'string', pattern: BLOCK_TYPE_PATTERN.source, patternErrorMessage: 'must be a class-like name such as "UppercaseField" (a capital letter, then letters and digits)' },
    name: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    category: { enum: [...BLOCK_CATEGORIES] },
    inputs: stringList,
    outputs: stringList,
    isMultiplier: { type: 'boolean' },
    configSchema: configSchemaShape,
  },
  required: ['type', 'name', 'description', 'category', 'inputs', 'outputs', 'configSchema'],
};

/** The data of an exported custom block once blockShape accepts it (its functions are checked apart). */
export type CustomBlockData = Pick<BlockDefinition, 'type' | 'name' | 'description' | 'category' | 'inputs' | 'outputs' | 'configSchema'> & { isMultiplier?: boolean };

const ajv = createAjv();
let compiledShape: ValidateFunction<CustomBlockData> | undefined;

/**
 * The data of an exported block (not its functions), typed, or everything wrong with it as sentences naming the
 * property: shape, the config schema against the `ConfigSchema` meta-schema, then the schema itself (ajv compiles
 * it, every `required` name is a property, every default matches its field).
 */
export function checkBlockData(block: Record<string, unknown>): { ok: true; data: CustomBlockData } | { ok: false; problems: string[] } {
  compiledShape ??= ajv.compile<CustomBlockData>(blockShape);
  if (!compiledShape(block)) {
    const problems = (compiledShape.errors ?? [])
      .filter((e) => e.keyword !== 'if') // "must match then schema": the error of the branch says it better
      .map((e) => describeAjvError(e, { data: block, rootLabel: 'The exported block' }).text);
    return { ok: false, problems };
  }
  const problems = configSchemaProblems(block.configSchema);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, data: block };
}

function configSchemaProblems(schema: ConfigSchema): string[] {
  if (!isPlainJson(schema)) return ['configSchema must be plain JSON (no functions, undefined values, dates, class instances or cycles)'];
  const properties = schema.properties;
  const problems = schema.required
    .filter((key) => !(key in properties))
    .map((key) => `configSchema.required names "${key}", which is not in configSchema.properties`);
  let validate: ValidateFunction;
  try {
    validate = createAjv().compile(schema);
  } catch (e) {
    return [...problems, `configSchema is not a valid JSON Schema: ${(e as Error).message}`];
  }
  const defaults = Object.fromEntries(Object.entries(properties).filter(([, f]) => f.default !== undefined).map(([k, f]) => [k, f.default]));
  if (!validate(defaults)) {
    for (const e of validate.errors ?? []) {
      if (e.keyword === 'required') continue; // defaults need not cover required keys
      problems.push(`the default of ${describeAjvError(e, { data: defaults, labelPath: ['configSchema', 'properties'] }).text}`);
    }
  }
  return problems;
}

function isPlainJson(value: unknown): boolean {
  try {
    return isDeepStrictEqual(JSON.parse(JSON.stringify(value)), value);
  } catch {
    return false; // a cycle, or a BigInt
  }
}
