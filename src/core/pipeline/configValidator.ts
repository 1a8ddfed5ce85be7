import type { ValidateFunction } from 'ajv';
import type { ConfigSchema } from '../blocks/blockTypes';
import { createAjv } from '../json/createAjv';

const ajv = createAjv();
/** Keyed by schema object: compiled once per block type, recompiled when a custom block is reloaded. */
const cache = new WeakMap<ConfigSchema, ValidateFunction | Error>();

/** The compiled validator of a block's config schema, or the error that stopped it from compiling. */
export function configValidator(schema: ConfigSchema): ValidateFunction | Error {
  let compiled = cache.get(schema);
  if (!compiled) {
    try {
      compiled = ajv.compile(schema);
    } catch (e) {
      compiled = e instanceof Error ? e : new Error(String(e));
    }
    cache.set(schema, compiled);
  }
  return compiled;
}
