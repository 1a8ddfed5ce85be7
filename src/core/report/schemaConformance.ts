import Ajv, { type ValidateFunction } from 'ajv';
import { describeAjvError } from '../json/describeAjvError';
import type { PipelineFile } from '../pipeline/pipelineTypes';
import { jsonShape } from './jsonShape';
import type { SchemaFieldReport } from './reportTypes';

const MAX_SHAPES = 50;
const EXAMPLES = 3;
const OTHER_SHAPE = '(other shapes)';

/** JSON Schemas the pipeline declares for output fields: a StructuredGenerator's literal `json_schema` for `generated`. */
export function pipelineSchemas(pipeline: PipelineFile | undefined): Map<string, object> {
  const schemas = new Map<string, object>();
  for (const block of pipeline?.blocks ?? []) {
    const schema = block.config?.json_schema;
    if (block.type === 'StructuredGenerator' && typeof schema === 'object' && schema !== null && !Array.isArray(schema)) schemas.set('generated', schema);
  }
  return schemas;
}

interface FieldTally {
  count: number;
  shapes: Map<string, { count: number; examples: number[] }>;
  validate?: ValidateFunction;
  valid: number;
  invalid: { recordId: number; problem: string }[];
}

/**
 * Conformance of each JSON field (object or array values): against the pipeline's JSON Schema for it (ajv), else
 * against the field's most frequent shape (see jsonShape). Shapes are counted in a map of at most 50 per field.
 */
export class SchemaConformance {
  private readonly fields = new Map<string, FieldTally>();
  // Users' schemas: unknown keywords (title, examples, vendor extensions) are allowed, as providers allow them.
  private readonly ajv = new Ajv({ strict: false, allErrors: false });

  constructor(private readonly schemas: Map<string, object> = new Map()) {}

  add(recordId: number, field: string, value: unknown): void {
    const tally = this.tally(field);
    tally.count++;
    if (tally.validate) {
      if (tally.validate(value)) tally.valid++;
      else if (tally.invalid.length < EXAMPLES) tally.invalid.push({ recordId, problem: tally.validate.errors?.[0] ? describeAjvError(tally.validate.errors[0], { data: value, rootLabel: field }).text : 'does not match the schema' });
      return;
    }
    let shape = jsonShape(value);
    if (!tally.shapes.has(shape) && tally.shapes.size >= MAX_SHAPES) shape = OTHER_SHAPE;
    const entry = tally.shapes.get(shape) ?? { count: 0, examples: [] };
    entry.count++;
    if (entry.examples.length < EXAMPLES) entry.examples.push(recordId);
    tally.shapes.set(shape, entry);
  }

  result(): SchemaFieldReport[] {
    return [...this.fields.entries()].map(([field, t]) => {
      if (t.validate) return { field, count: t.count, conforming: t.valid, against: 'json-schema' as const, examples: t.invalid };
      const ranked = [...t.shapes.entries()].filter(([s]) => s !== OTHER_SHAPE).sort((a, b) => b[1].count - a[1].count);
      const [shape, top] = ranked[0] ?? [OTHER_SHAPE, { count: 0, examples: [] }];
      const examples = [...t.shapes.entries()]
        .filter(([s]) => s !== shape)
        .flatMap(([s, e]) => e.examples.map((recordId) => ({ recordId, problem: `shape ${s}` })))
        .sort((a, b) => a.recordId - b.recordId)
        .slice(0, EXAMPLES);
      return { field, count: t.count, conforming: top.count, against: 'majority-shape' as const, shape, examples };
    });
  }

  private tally(field: string): FieldTally {
    let tally = this.fields.get(field);
    if (!tally) {
      const schema = this.schemas.get(field);
      let validate: ValidateFunction | undefined;
      if (schema) {
        try {
          validate = this.ajv.compile(schema);
        } catch {
          // A schema ajv cannot compile: the field is checked against its majority shape instead.
        }
      }
      tally = { count: 0, shapes: new Map(), valid: 0, invalid: [], ...(validate ? { validate } : {}) };
      this.fields.set(field, tally);
    }
    return tally;
  }
}
