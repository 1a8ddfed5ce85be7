import type { ConfigSchema } from '../blocks/blockTypes';

/**
 * The config a block sees: schema defaults for the keys the file leaves out. Blocks get their config this way at
 * run time, so `requiredFields` is asked with the same values (e.g. JSONValidatorBlock's default field_name).
 */
export function configWithDefaults(config: Readonly<Record<string, unknown>>, schema: ConfigSchema): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.properties)) {
    if (field.default !== undefined) result[key] = structuredClone(field.default);
  }
  for (const [key, value] of Object.entries(config)) {
    Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return result;
}
