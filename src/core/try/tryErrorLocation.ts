import type { BlockSpec } from '../pipeline/pipelineTypes';
import type { UnitError } from '../records/unitResult';
import { templateVariableUses } from '../templates/templateVariables';
import type { TryError } from './tryTypes';

/**
 * A block's error with where it points: template errors name the block and the config field
 * (`Block 'x' (T), user_prompt: …`), Nunjucks errors say `(line L, column C)` (at the end, or before a hint), and an undefined variable is
 * found in that field's template by the engine's parser (its first unguarded read), as is a syntax error.
 */
export function tryErrorOf(error: UnitError, spec: BlockSpec | undefined): TryError {
  const result: TryError = { message: error.message };
  if (error.blockId !== undefined) result.blockId = error.blockId;
  if (error.blockType !== undefined) result.blockType = error.blockType;
  if (error.code !== undefined) result.code = error.code;
  if (error.code !== 'template' || !spec) return result;
  const field = fieldOf(error.message, spec);
  if (field === undefined) return result;
  result.field = field;
  const at = [...error.message.matchAll(/\(line (\d+), column (\d+)\)/g)].at(-1);
  if (at) {
    result.line = Number(at[1]);
    result.column = Number(at[2]);
    return result;
  }
  const template = spec.config?.[field];
  if (typeof template !== 'string') return result;
  const variable = /undefined variable '([^']+)'/.exec(error.message)?.[1];
  if (variable !== undefined) result.variable = variable;
  try {
    const use = templateVariableUses(template).find((u) => u.name === variable && !u.guarded && !u.declared);
    if (use) {
      result.line = use.line + 1;
      result.column = use.column + 1;
    }
  } catch (e) {
    // A syntax error found before rendering: Nunjucks' error carries where (1-based) as lineno/colno.
    const at = e as { lineno?: unknown; colno?: unknown };
    if (typeof at.lineno === 'number') result.line = at.lineno;
    if (typeof at.colno === 'number') result.column = at.colno;
  }
  return result;
}

/** The config field a template error names right after the block (`Block 'x' (T), field: …`). */
function fieldOf(message: string, spec: BlockSpec): string | undefined {
  const prefix = `Block '${spec.id}' (${spec.type}), `;
  if (!message.startsWith(prefix)) return undefined;
  const rest = message.slice(prefix.length);
  const colon = rest.indexOf(':');
  if (colon <= 0) return undefined;
  const field = rest.slice(0, colon);
  return spec.config && Object.prototype.hasOwnProperty.call(spec.config, field) ? field : undefined;
}
