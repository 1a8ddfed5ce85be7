import { getNodeValue, parseTree, type ParseError } from 'jsonc-parser';
import type { BlockRegistry } from '../blocks/blockTypes';
import { LineIndex } from '../json/lineIndex';
import type { SourceRange } from '../problems';
import { expectedSeedFields } from '../seeds/expectedSeedFields';
import type { SeedFieldNames } from '../seeds/seedFieldNames';
import { templateErrorText } from '../templates/templateErrorText';
import { TEMPLATE_GLOBALS, templateVariableUses, type TemplateVariableUse } from '../templates/templateVariables';
import { fieldOrigins, type FieldOrigin, type FieldsAtBlock } from './fieldOrigins';
import { pipelineTemplates, type PipelineTemplate } from './pipelineTemplates';
import { readPipelineShape } from './pipelineShape';
import type { PipelineFile } from './pipelineTypes';

/**
 * What a variable read in a template is at its block: a state field (`origin` says whose), a name the template sets
 * itself, a Nunjucks global, a name read only with a fallback (`| default`, `is defined`), a name the run would fail
 * on (`undefined`), or `unknown` when that cannot be told (no seed file read, an earlier block with dynamic outputs,
 * a block Start does not reach).
 */
export type VariableStatus = 'field' | 'template' | 'builtin' | 'guarded' | 'undefined' | 'unknown';

export interface TemplateVariable {
  name: string;
  /** The name in the document (offsets into the analysed text) and as a 1-based, end-exclusive range. */
  offset: number;
  length: number;
  range: SourceRange;
  status: VariableStatus;
  /** For a `field`: the seed, or the block that wrote it last. */
  origin?: FieldOrigin;
}

export interface AnalyzedTemplate extends PipelineTemplate {
  /** Every read of a context name, in the order of the parse tree; empty when the template does not parse. */
  variables: TemplateVariable[];
  /** The parser's message when the template has a syntax error (pipeline validation reports it). */
  syntaxError?: string;
}

/** Where the seed fields offered come from. */
export type SeedFieldsSource =
  /** The associated seed file was read: its fields are the seed fields. */
  | { kind: 'file'; fileName: string }
  /** No seed file, or it could not be read (`reason`): the fields Verify Seeds would ask the seeds for. */
  | { kind: 'expected'; fileName?: string; reason?: string };

export interface TemplateAnalysis {
  templates: AnalyzedTemplate[];
  /** The state fields available before each block (by id), with their origin. */
  fieldsAt: Map<string, FieldsAtBlock>;
  seedFields: SeedFieldsSource;
  /** The text had JSON syntax errors: the analysis is of what jsonc-parser recovered. */
  recovered: boolean;
}

/**
 * The templates of a pipeline's text and every variable they read, each at its exact range in the text and
 * classified against the fields available at its block: seed fields from `seeds` (the pipeline's seed file, read
 * with `seedFieldNames`), outputs of the blocks before it, Nunjucks' globals. Variables come from the engine's
 * Nunjucks parser (the parse tree's line and column, mapped back through the JSON string's escapes). Text that is
 * not quite JSON (while the user types) is analysed as far as jsonc-parser recovers it. Offsets refer to the text
 * without a leading byte order mark.
 */
export function analyzePipelineTemplates(source: string, registry: BlockRegistry, seeds?: SeedFieldNames): TemplateAnalysis {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const value: unknown = root ? getNodeValue(root) : undefined;
  const seedFields = seedFieldsFor(value, registry, seeds);
  const fieldsAt = fieldOrigins(value as PipelineFile, registry, seedFields.fields);
  const shape = readPipelineShape(value);
  const lines = new LineIndex(text);
  const templates = root ? pipelineTemplates(root, text, shape.blocks, registry) : [];
  const known = seedFields.source.kind === 'file';
  return {
    templates: templates.map((t) => analyzeTemplate(t, fieldsAt.get(t.block.id), known, lines)),
    fieldsAt,
    seedFields: seedFields.source,
    recovered: errors.length > 0 || root === undefined,
  };
}

function seedFieldsFor(value: unknown, registry: BlockRegistry, seeds: SeedFieldNames | undefined): { fields: readonly string[]; source: SeedFieldsSource } {
  if (seeds?.ok) return { fields: seeds.fields, source: { kind: 'file', fileName: seeds.fileName } };
  let expected: string[] = [];
  try {
    expected = expectedSeedFields(value as PipelineFile, registry);
  } catch {
    // A text that is not yet a pipeline's shape expects nothing in particular.
  }
  return { fields: expected, source: { kind: 'expected', ...(seeds ? { fileName: seeds.fileName, reason: seeds.reason } : {}) } };
}

function analyzeTemplate(template: PipelineTemplate, at: FieldsAtBlock | undefined, seedsKnown: boolean, lines: LineIndex): AnalyzedTemplate {
  const source = template.text.value;
  if (!source.includes('{')) return { ...template, variables: [] };
  const uses = parsedUses(source);
  if (typeof uses === 'string') return { ...template, variables: [], syntaxError: uses };
  const lineStarts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const origins = new Map((at?.fields ?? []).map((f) => [f.name, f.origin]));
  const canTell = seedsKnown && at?.complete === true;
  const variables = uses.map((use): TemplateVariable => {
    const start = (lineStarts[use.line] ?? 0) + use.column;
    const offset = template.text.documentOffset(start);
    const length = template.text.documentOffset(start + use.name.length) - offset;
    const origin = origins.get(use.name);
    const status: VariableStatus = use.declared
      ? TEMPLATE_GLOBALS.includes(use.name)
        ? 'builtin'
        : 'template'
      : origin
        ? 'field'
        : use.guarded
          ? 'guarded'
          : canTell
            ? 'undefined'
            : 'unknown';
    return { name: use.name, offset, length, range: lines.range(offset, length), status, ...(origin && status === 'field' ? { origin } : {}) };
  });
  return { ...template, variables };
}

/** Uses per template text, or its syntax error: typing changes one template, the others are not parsed again. */
const usesCache = new Map<string, readonly TemplateVariableUse[] | string>();
const MAX_CACHED_TEMPLATES = 1000;

function parsedUses(source: string): readonly TemplateVariableUse[] | string {
  const cached = usesCache.get(source);
  if (cached !== undefined) return cached;
  let parsed: readonly TemplateVariableUse[] | string;
  try {
    parsed = templateVariableUses(source);
  } catch (e) {
    parsed = templateErrorText(e);
  }
  if (usesCache.size >= MAX_CACHED_TEMPLATES) usesCache.clear();
  usesCache.set(source, parsed);
  return parsed;
}
