import type { ErrorObject } from 'ajv';
import { describeValue, literal } from './describeValue';
import { formatJsonPath, pointerToPath, valueAtPath, type JsonPath } from './jsonPath';

export interface AjvErrorContext {
  /** The data that was validated. */
  data: unknown;
  /** Path of `data` inside the file, prepended to every error path. */
  basePath?: JsonPath;
  /** How messages name `data` and its children, e.g. `['config']` → `config.temperature`. */
  labelPath?: JsonPath;
  /** How messages name `data` itself when `labelPath` is empty, e.g. "The pipeline file". */
  rootLabel?: string;
}

export interface AjvErrorDescription {
  /** Absolute path of the offending value (for `required`/`additionalProperties`: of the named property). */
  path: JsonPath;
  /** Path relative to the validated data. */
  relativePath: JsonPath;
  /** What is wrong, as a sentence without the final period, e.g. `config.temperature must be a number, found …`. */
  text: string;
}

/** ajv's messages ("must be number") name neither the field nor the value found; these do both. */
export function describeAjvError(error: ErrorObject, context: AjvErrorContext): AjvErrorDescription {
  const at = pointerToPath(error.instancePath, context.data);
  const value = valueAtPath(context.data, at);
  const subject = subjectOf(at, context);
  const params = error.params as Record<string, unknown>;
  const relative = (extra?: string): AjvErrorDescription => {
    const relativePath = extra === undefined ? at : [...at, extra];
    return { path: [...(context.basePath ?? []), ...relativePath], relativePath, text: '' };
  };

  switch (error.keyword) {
    case 'required': {
      const property = String(params.missingProperty);
      return { ...relative(property), text: `${subject} is missing required property "${property}"` };
    }
    case 'additionalProperties': {
      const property = String(params.additionalProperty);
      return { ...relative(property), text: `${subject} has unknown property "${property}"` };
    }
    case 'type':
      return { ...relative(), text: `${subject} must be ${typeWords(params.type)}, found ${describeValue(value)}` };
    case 'const':
      return { ...relative(), text: `${subject} must be ${literal(params.allowedValue)}, found ${literal(value)}` };
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues.map(literal).join(', ') : '';
      return { ...relative(), text: `${subject} must be one of ${allowed}, found ${literal(value)}` };
    }
    case 'minLength':
      return {
        ...relative(),
        text: params.limit === 1 ? `${subject} must not be empty` : `${subject} must be at least ${String(params.limit)} characters long`,
      };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { ...relative(), text: `${subject} must be ${String(params.comparison)} ${String(params.limit)}, found ${literal(value)}` };
    case 'pattern': {
      const custom = (error.parentSchema as Record<string, unknown> | undefined)?.patternErrorMessage;
      if (typeof custom === 'string') return { ...relative(), text: `${subject} ${custom}, found ${literal(value)}` };
      return { ...relative(), text: `${subject} ${literal(value)} does not match the pattern ${String(params.pattern)}` };
    }
    case 'minItems':
      return { ...relative(), text: `${subject} must have at least ${String(params.limit)} item(s)` };
    case 'maxItems':
      return { ...relative(), text: `${subject} must have at most ${String(params.limit)} item(s)` };
    default:
      return { ...relative(), text: `${subject} ${error.message ?? 'is invalid'}` };
  }
}

function subjectOf(at: JsonPath, context: AjvErrorContext): string {
  const label = formatJsonPath([...(context.labelPath ?? []), ...at]);
  return label === '' ? (context.rootLabel ?? 'The value') : label;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

function typeWords(type: unknown): string {
  const types = Array.isArray(type) ? type.map(String) : String(type).split(',');
  return types.map((t) => TYPE_WORDS[t] ?? t).join(' or ');
}
