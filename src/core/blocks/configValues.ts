import { BlockExecutionError } from '../errors';
import type { BlockContext, ConfigSchema } from './blockTypes';

/** Whether `value` is one of `values` (an enum config value), typed as that member. */
export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return values.some((v) => v === value);
}

/** The block's config with schema defaults filled in for absent keys. */
export function withDefaults(schema: ConfigSchema, config: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.properties)) {
    // Object defaults are copied (a block must not change the schema's); primitives need no copy.
    if (field.default !== undefined) out[key] = typeof field.default === 'object' && field.default !== null ? structuredClone(field.default) : field.default;
  }
  for (const [key, value] of Object.entries(config)) {
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * A json-or-template config value: a JSON value as is, or a string template rendered against the state and parsed
 * as JSON. An empty string means "not set" and yields `undefined`.
 */
export async function resolveJsonOrTemplate(
  ctx: BlockContext,
  field: string,
  expected: 'array' | 'object',
): Promise<unknown[] | Record<string, unknown> | undefined> {
  const raw = ctx.config[field];
  if (raw === undefined || raw === null || raw === '') return undefined;
  let value: unknown = raw;
  if (typeof raw === 'string') {
    const rendered = (await ctx.render(raw, field)).trim();
    if (rendered === '') return undefined;
    try {
      value = JSON.parse(rendered);
    } catch (e) {
      throw new BlockExecutionError(
        `${field} must be valid JSON (after rendering): ${(e as Error).message}. Rendered value: ${rendered.slice(0, 120)}`,
        ctx.blockId,
        ctx.blockType,
      );
    }
  }
  const isArray = Array.isArray(value);
  const ok = expected === 'array' ? isArray : typeof value === 'object' && value !== null && !isArray;
  if (!ok) {
    throw new BlockExecutionError(`${field} must be a JSON ${expected}`, ctx.blockId, ctx.blockType);
  }
  return value as unknown[] | Record<string, unknown>;
}

/** A json-or-template list of strings (e.g. required field names). */
export async function resolveStringList(ctx: BlockContext, field: string): Promise<string[]> {
  const value = (await resolveJsonOrTemplate(ctx, field, 'array')) as unknown[] | undefined;
  if (!value) return [];
  if (!value.every((v) => typeof v === 'string')) {
    throw new BlockExecutionError(`All items in ${field} must be strings`, ctx.blockId, ctx.blockType);
  }
  return value as string[];
}

/** A number config value, accepting numeric strings (templates and hand-edited files often produce them). */
export function numberConfig(ctx: BlockContext, field: string): number {
  const v = ctx.config[field];
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || Number.isNaN(n)) {
    throw new BlockExecutionError(`${field} must be a number, got ${JSON.stringify(v)}`, ctx.blockId, ctx.blockType);
  }
  return n;
}

/** The `model` config: a configured model name, or undefined for the default model. */
export function modelConfig(ctx: BlockContext, field = 'model'): string | undefined {
  const v = ctx.config[field];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}
