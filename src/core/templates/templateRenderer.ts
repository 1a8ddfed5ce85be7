import * as nunjucks from 'nunjucks';
import { TemplateError } from '../errors';
import { installTemplateSandbox } from './sandbox';
import { templateMemberPaths, templateVariables } from './templateVariables';

/** Where a template comes from, so errors can say which block and which config field. */
export interface TemplateOrigin {
  blockId?: string;
  blockType?: string;
  field?: string;
}

const MAX_CACHED_TEMPLATES = 500;

/**
 * Renders config templates against the accumulated state with Jinja-like semantics: autoescape off, undefined
 * variables are errors, filters `tojson` and `truncate`, no access to JavaScript internals. Values from the state
 * are inserted as text and never rendered again, so seed data cannot inject template code.
 */
export class TemplateRenderer {
  private readonly env: nunjucks.Environment;
  private readonly compiled = new Map<string, nunjucks.Template>();

  constructor() {
    installTemplateSandbox();
    this.env = new nunjucks.Environment([], { autoescape: false, throwOnUndefined: true });
    this.env.addFilter('tojson', (value: unknown, indent?: number) => JSON.stringify(value ?? null, null, indent ?? 2));
    this.env.addFilter('truncate', (value: unknown, length = 100) => {
      const s = String(value ?? '');
      return s.length > length ? `${s.slice(0, length)}...` : s;
    });
  }

  render(source: string, state: Readonly<Record<string, unknown>>, origin: TemplateOrigin = {}): string {
    if (!source.includes('{')) return source;
    const where = describe(origin);
    let variables: string[];
    try {
      variables = templateVariables(source);
    } catch (e) {
      throw new TemplateError(`${where}: template syntax error: ${messageOf(e)}`, undefined, origin.blockId);
    }
    for (const name of variables) {
      if (!Object.prototype.hasOwnProperty.call(state, name)) {
        const available = Object.keys(state).filter((k) => !k.startsWith('_'));
        throw new TemplateError(
          `${where}: undefined variable '${name}'. Available: ${available.join(', ') || '(none)'}. ` +
            `Add '${name}' to the seed metadata or produce it in an earlier block.`,
          name,
          origin.blockId,
        );
      }
    }
    try {
      return this.template(source).render(state as object);
    } catch (e) {
      const message = messageOf(e);
      if (message.includes('attempted to output null or undefined value')) {
        const missing = firstUndefinedPath(source, state);
        const name = missing ? missing.join('.') : undefined;
        throw new TemplateError(
          `${where}: ${name ? `'${name}' is undefined` : 'a value used in the template is undefined'} ` +
            `(${message.replace(/\s*attempted to output null or undefined value/, '').trim() || 'template'}). ` +
            'Check the field names, or give it a fallback with | default(...).',
          name,
          origin.blockId,
        );
      }
      throw new TemplateError(`${where}: ${message}`, undefined, origin.blockId);
    }
  }

  private template(source: string): nunjucks.Template {
    let t = this.compiled.get(source);
    if (!t) {
      if (this.compiled.size >= MAX_CACHED_TEMPLATES) this.compiled.clear();
      t = new nunjucks.Template(source, this.env, undefined, true);
      this.compiled.set(source, t);
    }
    return t;
  }
}

function firstUndefinedPath(source: string, state: Readonly<Record<string, unknown>>): string[] | undefined {
  for (const path of templateMemberPaths(source)) {
    let value: unknown = state;
    for (const key of path) {
      value = value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, key)
        ? (value as Record<string, unknown>)[key]
        : undefined;
      if (value === undefined) return path;
    }
  }
  return undefined;
}

function describe(origin: TemplateOrigin): string {
  const block = origin.blockId ? `Block '${origin.blockId}'${origin.blockType ? ` (${origin.blockType})` : ''}` : 'Template';
  return origin.field ? `${block}, ${origin.field}` : block;
}

function messageOf(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  // nunjucks prefixes "(unknown path)" and wraps lines; keep the useful part on one line.
  return msg.replace(/^\(unknown path\)\s*/, '').replace(/(^|\]\s*)Error: /, '$1').replace(/\s*\n\s*/g, ' ').trim();
}
