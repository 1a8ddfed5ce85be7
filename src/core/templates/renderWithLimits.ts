import * as nunjucks from 'nunjucks';
import { outputBudgetProblem } from './renderLimits';
import { RenderLimitError } from './templateEnvironment';
import { templateErrorText } from './templateErrorText';
import { templateMemberPaths } from './templateVariables';

/** Why a render failed, in words for the user (the caller adds the block and field). */
export interface RenderFailure {
  message: string;
  /** The undefined variable or member path, when that is the reason. */
  variable?: string;
  /** A budget was hit (output size, range() items, a filter's width) rather than a mistake in the template. */
  limit?: boolean;
}

const MAX_CACHED_TEMPLATES = 500;

/**
 * Compiles (cached) and renders one template in the current thread, then checks the output budget. Runs inside a
 * render worker; the time budget is the caller's (it can only be enforced from outside the thread).
 */
export class LimitedRenderer {
  private readonly compiled = new Map<string, nunjucks.Template>();

  constructor(
    private readonly env: nunjucks.Environment,
    private readonly maxBytes: number,
  ) {}

  render(source: string, state: Readonly<Record<string, unknown>>): { ok: true; text: string } | ({ ok: false } & RenderFailure) {
    let text: string;
    try {
      text = this.template(source).render(state as object);
    } catch (e) {
      return { ok: false, ...explain(e, source, state) };
    }
    const overBudget = outputBudgetProblem(text, this.maxBytes);
    return overBudget ? { ok: false, message: overBudget, limit: true } : { ok: true, text };
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

function explain(e: unknown, source: string, state: Readonly<Record<string, unknown>>): RenderFailure {
  const message = templateErrorText(e);
  // Nunjucks keeps a thrown error only as text ("RenderLimitError: …" inside its own message).
  if (e instanceof RenderLimitError || (e instanceof Error && e.message.includes('RenderLimitError: '))) return { message, limit: true };
  if (/Invalid string length|Invalid array length|Maximum call stack/.test(message)) {
    return { message: `${message}: the template builds a value too large to hold`, limit: true };
  }
  if (!message.includes('attempted to output null or undefined value')) return { message };
  const missing = firstUndefinedPath(source, state);
  const name = missing ? missing.join('.') : undefined;
  const detail = message.replace(/\s*attempted to output null or undefined value/, '').trim();
  return {
    message:
      `${name ? `'${name}' is undefined` : 'a value used in the template is undefined'}${detail ? ` ${detail}` : ''}. ` +
      'Check the field names, or give it a fallback with | default(...).',
    ...(name ? { variable: name } : {}),
  };
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
