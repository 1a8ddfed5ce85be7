import { TEMPLATE_GLOBALS } from '../templates/templateVariables';
import type { AvailableField } from './fieldOrigins';
import { templateAtOffset } from './pipelineTemplates';
import type { AnalyzedTemplate, TemplateAnalysis, TemplateVariable } from './templateAnalysis';

/** What to offer at a cursor inside a template's `{{ … }}` or `{% … %}`. */
export interface TemplateCompletion {
  template: AnalyzedTemplate;
  /** Where the partial name around the cursor starts (document offset). */
  replaceOffset: number;
  /** Its length up to the cursor (what an insertion replaces) and in full (what a replacement replaces). */
  insertLength: number;
  replaceLength: number;
  /** The state fields available at the template's block, with their origin. */
  fields: AvailableField[];
  /** Nunjucks' globals a template can call or read (`range`, `cycler`, `joiner`, `loop` inside a for). */
  builtins: string[];
}

/** The globals worth offering: `caller` only means something inside a macro call. */
const OFFERED_GLOBALS = TEMPLATE_GLOBALS.filter((name) => name !== 'caller');

/**
 * Completion at document `offset`: when the cursor is in a template string, inside an open `{{` or `{%` (not after
 * a `.` member access or a `|` filter, whose names are not state fields), the fields available at that block.
 */
export function templateCompletionAt(analysis: TemplateAnalysis, offset: number): TemplateCompletion | undefined {
  const template = templateAtOffset(analysis.templates, offset);
  if (!template) return undefined;
  const cursor = template.text.valueIndex(offset);
  const before = template.text.value.slice(0, cursor);
  const open = Math.max(before.lastIndexOf('{{'), before.lastIndexOf('{%'));
  const close = Math.max(before.lastIndexOf('}}'), before.lastIndexOf('%}'));
  if (open < 0 || close > open) return undefined;
  const word = /[A-Za-z_][A-Za-z0-9_]*$/.exec(before.slice(open + 2))?.[0] ?? '';
  const wordStart = cursor - word.length;
  if (/[.|]\s*$/.test(before.slice(open + 2, wordStart)) || /\d$/.test(before.slice(0, wordStart))) return undefined;
  const wordEnd = cursor + (/^[A-Za-z0-9_]*/.exec(template.text.value.slice(cursor))?.[0].length ?? 0);
  const replaceOffset = template.text.documentOffset(wordStart);
  return {
    template,
    replaceOffset,
    insertLength: template.text.documentOffset(cursor) - replaceOffset,
    replaceLength: template.text.documentOffset(wordEnd) - replaceOffset,
    fields: analysis.fieldsAt.get(template.block.id)?.fields ?? [],
    builtins: OFFERED_GLOBALS,
  };
}

/** The variable read at document `offset` (its name's first character up to, not including, its end), if any. */
export function templateVariableAt(analysis: TemplateAnalysis, offset: number): { template: AnalyzedTemplate; variable: TemplateVariable } | undefined {
  const template = templateAtOffset(analysis.templates, offset);
  const variable = template?.variables.find((v) => offset >= v.offset && offset < v.offset + v.length);
  return template && variable ? { template, variable } : undefined;
}
