import { parseTemplate, type AstNode } from './nunjucksInternals';
import { isForbiddenTemplateName } from './sandbox';

/** A template that is only text and `{{ name }}` outputs: its literal parts and the names between them, in order. */
export type PlainTemplate = readonly (string | { name: string })[];

/**
 * The template as text and bare names, when that is all it is (no tags, filters, members, calls or operators), or
 * undefined. Read from Nunjucks' own parse tree, so whitespace control (`{{-`), `{% raw %}` and a lone `{` are what
 * Nunjucks makes of them. Such a template compiles to `output += text` and `output += name` and nothing else, so
 * `substitute` gives the same text without Nunjucks, and without a worker: it can neither loop nor allocate beyond
 * the size of its values. Throws Nunjucks' error for a template that does not parse.
 */
export function plainTemplate(source: string): PlainTemplate | undefined {
  const parts: (string | { name: string })[] = [];
  for (const output of parseTemplate(source).children ?? []) {
    if (output.typename !== 'Output') return undefined;
    for (const part of output.children ?? []) {
      if (isText(part)) parts.push(part.value);
      else if (isName(part) && !isForbiddenTemplateName(part.value)) parts.push({ name: part.value });
      else return undefined;
    }
  }
  return parts;
}

/**
 * The plain template rendered against `state`, or undefined when a value is not a string, a finite number or a
 * boolean (or is missing), or the text grows past `maxLength` UTF-16 units: the caller then renders through
 * Nunjucks, which says what is wrong, formats the value or reports the budget. Those three kinds of value are
 * written as Nunjucks writes them (`output += value`, autoescape off).
 */
export function substitute(template: PlainTemplate, state: Readonly<Record<string, unknown>>, maxLength: number): string | undefined {
  let text = '';
  for (const part of template) {
    if (typeof part === 'string') {
      text += part;
    } else {
      if (!Object.prototype.hasOwnProperty.call(state, part.name)) return undefined;
      const value = state[part.name];
      if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) text += value;
      else return undefined;
    }
    // Over the budget whatever the encoding (a UTF-16 unit is at least one byte): stop before a huge value is built.
    if (text.length > maxLength) return undefined;
  }
  return text;
}

function isText(node: AstNode): node is AstNode & { value: string } {
  return node.typename === 'TemplateData' && typeof node.value === 'string';
}

function isName(node: AstNode): node is AstNode & { value: string } {
  return node.typename === 'Symbol' && typeof node.value === 'string';
}
