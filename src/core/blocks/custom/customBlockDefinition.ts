import { basename } from 'node:path';
import { BlockExecutionError } from '../../errors';
import { describeValue } from '../../json/describeValue';
import type { TokenUsage } from '../../llm/llmTypes';
import type { BlockContext, BlockDefinition, BlockOutput, ConfigSchema, JobEndContext, MultiplierOutput, OptionalInput } from '../blockTypes';
import { checkBlockData, type CustomBlockData } from './customBlockShape';

export type DefinitionResult = { ok: true; definition: BlockDefinition } | { ok: false; type?: string; error: string };

type AnyFunction = (...args: unknown[]) => unknown;
const HOW_TO_FIX = `See the README's "Custom blocks" section, or run 'datagenflow blocks scaffold <Name>' for a working example.`;

/**
 * Turns what a custom block module exported into a block definition, or says what is wrong with it.
 * Accepted exports: `module.exports = block`, `exports.block = block`, or a transpiled `export default block`.
 * The definition is a copy (later changes to the module's object do not leak in) whose functions are wrapped:
 * `execute` results are checked, `requiredFields` defaults to the declared inputs.
 */
export function customBlockDefinition(exported: unknown, file: string): DefinitionResult {
  const name = basename(file);
  const block = pickBlock(exported);
  if (!block) {
    return { ok: false, error: `${name} exports no block (module.exports is ${describeExport(exported)}). Export one: module.exports = { type, name, description, category, inputs, outputs, configSchema, execute }. ${HOW_TO_FIX}` };
  }
  const type = typeof block.type === 'string' ? block.type : undefined;
  const shape = checkBlockData(withSchemaDefaults(block));
  const problems = shape.ok ? [] : [...shape.problems];
  const execute = block.execute;
  if (!isFunction(execute)) {
    const found = execute === undefined ? 'it is missing' : `found ${describeValue(execute)}`;
    problems.push(`execute must be a function (async execute(ctx) { return { output: { … } }; }): ${found}`);
  }
  for (const optional of ['requiredFields', 'optionalFields', 'onJobEnd']) {
    if (block[optional] !== undefined && typeof block[optional] !== 'function') problems.push(`${optional} must be a function when present, found ${describeValue(block[optional])}`);
  }
  if (problems.length > 0 || !shape.ok || !isFunction(execute)) {
    return { ok: false, type, error: `${name}${type ? ` (${type})` : ''} is not a valid block: ${problems.join('; ')}. ${HOW_TO_FIX}` };
  }
  return { ok: true, definition: wrap(block, shape.data, execute, name) };
}

/**
 * A shallow copy whose configSchema has `required: []` and `additionalProperties: false` filled in when left out:
 * the contract's values, and the ones a hand-written schema most often forgets.
 */
function withSchemaDefaults(block: Record<string, unknown>): Record<string, unknown> {
  const schema = block.configSchema;
  if (!isObject(schema)) return { ...block };
  return { ...block, configSchema: { ...schema, required: schema.required ?? [], additionalProperties: schema.additionalProperties ?? false } };
}

function pickBlock(exported: unknown): Record<string, unknown> | undefined {
  if (!isObject(exported)) return undefined;
  if (isObject(exported.block)) return exported.block;
  if (exported.type === undefined && isObject(exported.default)) return exported.default;
  // An object with neither is not a block with mistakes but no block at all (e.g. forgotten module.exports).
  return exported.type === undefined && exported.execute === undefined ? undefined : exported;
}

/** `block` is the module's own object (`this` of its functions); `data` its checked, completed copy. */
function wrap(block: Record<string, unknown>, data: CustomBlockData, execute: AnyFunction, file: string): BlockDefinition {
  const type = data.type;
  const inputs = [...data.inputs];
  const isMultiplier = data.isMultiplier === true;
  const requiredFields = functionOf(block.requiredFields);
  const optionalFields = functionOf(block.optionalFields);
  const onJobEnd = functionOf(block.onJobEnd);
  const base = {
    type,
    name: data.name,
    description: data.description,
    category: data.category,
    inputs,
    outputs: [...data.outputs],
    // A JSON copy: the registry and ajv's compile cache must not see later mutations by the module.
    configSchema: JSON.parse(JSON.stringify(data.configSchema)) as ConfigSchema,
    requiredFields(config: Readonly<Record<string, unknown>>): string[] {
      if (!requiredFields) return inputs.includes('*') ? [] : [...inputs];
      const fields = requiredFields.call(block, config);
      if (!Array.isArray(fields) || !fields.every((f) => typeof f === 'string')) {
        throw new Error(`requiredFields of the custom block ${type} (${file}) must return an array of field names, got ${describeValue(fields)}; fix the block`);
      }
      return fields;
    },
    ...(optionalFields
      ? {
          optionalFields(config: Readonly<Record<string, unknown>>): OptionalInput[] {
            const inputs = optionalFields.call(block, config);
            if (!Array.isArray(inputs) || !inputs.every(isOptionalInput)) {
              throw new Error(
                `optionalFields of the custom block ${type} (${file}) must return an array of { anyOf: ["field", …], whenMissing: "what the block does then" }, got ${describeValue(inputs)}; fix the block`,
              );
            }
            return inputs.map((i) => ({ anyOf: [...i.anyOf], whenMissing: i.whenMissing }));
          },
        }
      : {}),
    ...(onJobEnd ? { onJobEnd: async (context: JobEndContext) => void (await onJobEnd.call(block, context)) } : {}),
  };
  if (isMultiplier) {
    return { ...base, isMultiplier: true, execute: async (ctx) => multiplierResult(await execute.call(block, ctx), ctx, file) };
  }
  return { ...base, isMultiplier: false, execute: async (ctx) => normalResult(await execute.call(block, ctx), ctx, file) };
}

/** A custom block's answer is not type-checked: anything but `{ output: {…} }` becomes a clear block failure. */
function normalResult(result: unknown, ctx: BlockContext, file: string): BlockOutput {
  if (!isObject(result) || !isObject(result.output)) {
    const got = isObject(result) ? `an object with keys ${Object.keys(result).join(', ') || '(none)'}` : describeValue(result);
    throw fail(ctx, file, `execute must resolve to { output: { field: value, … } }, got ${got}. Wrap the values: return { output: { … } }`);
  }
  return { output: result.output, ...usageOf(result, ctx, file) };
}

function multiplierResult(result: unknown, ctx: BlockContext, file: string): MultiplierOutput {
  if (!isObject(result) || !Array.isArray(result.items) || !result.items.every(isObject)) {
    throw fail(ctx, file, `a multiplier's execute must resolve to { items: [ { … }, … ] } (one object per new unit), got ${describeValue(result)}`);
  }
  return { items: result.items, ...usageOf(result, ctx, file) };
}

function usageOf(result: Record<string, unknown>, ctx: BlockContext, file: string): { usage?: TokenUsage } {
  const usage = result.usage;
  if (usage === undefined) return {};
  if (!isObject(usage)) throw fail(ctx, file, `usage must be { input_tokens, output_tokens, cached_tokens }, got ${describeValue(usage)}`);
  const count = (key: string) => (typeof usage[key] === 'number' && Number.isFinite(usage[key]) ? (usage[key] as number) : 0);
  return { usage: { input_tokens: count('input_tokens'), output_tokens: count('output_tokens'), cached_tokens: count('cached_tokens') } };
}

function fail(ctx: BlockContext, file: string, message: string): BlockExecutionError {
  return new BlockExecutionError(`custom block ${file}: ${message}`, ctx.blockId, ctx.blockType);
}

function describeExport(value: unknown): string {
  if (typeof value === 'function') return 'a function (classes are not supported: export a plain object)';
  if (isObject(value)) return `an object with keys ${Object.keys(value).join(', ') || '(none)'}`;
  return describeValue(value);
}

function isFunction(value: unknown): value is AnyFunction {
  return typeof value === 'function';
}

function functionOf(value: unknown): AnyFunction | undefined {
  return isFunction(value) ? value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOptionalInput(value: unknown): value is OptionalInput {
  return (
    isObject(value) &&
    Array.isArray(value.anyOf) &&
    value.anyOf.length > 0 &&
    value.anyOf.every((f) => typeof f === 'string' && f !== '') &&
    typeof value.whenMissing === 'string'
  );
}
