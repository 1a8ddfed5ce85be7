import * as nunjucks from 'nunjucks';

/*
 * Every use of Nunjucks beyond its documented API, in one file. Nunjucks offers no seam for these: no hook on
 * member or name lookups (a sandbox has to wrap the runtime functions compiled templates call), no public parser
 * or lexer (the template checks read the parse tree), and no list of an environment's filters (the output budget
 * wraps them all). Each accessor checks the shape it relies on and throws NunjucksInternalsError naming what
 * changed, and test/unit/templates/nunjucksInternals.test.ts runs them all, so a Nunjucks upgrade that moves any
 * of them fails loudly there instead of silently opening the sandbox.
 */

/** A node of Nunjucks' parse tree, as far as the checks read it. */
export interface AstNode {
  typename: string;
  fields?: string[];
  children?: AstNode[];
  lineno?: number;
  colno?: number;
  value?: unknown;
  [field: string]: unknown;
}

/** A token of Nunjucks' lexer. */
export interface TemplateToken {
  type: string;
  value: string;
  lineno: number;
  colno: number;
}

/** The runtime functions compiled templates call for `a.b` / `a["b"]`, bare names, and calls. */
export interface RuntimeLookups {
  memberLookup(obj: unknown, key: unknown): unknown;
  contextOrFrameLookup(context: { ctx: Record<string, unknown>; lookup(name: string): unknown }, frame: unknown, name: string): unknown;
  callWrap(obj: unknown, name: string, context: unknown, args: unknown[]): unknown;
}

export type TemplateFilter = (...args: unknown[]) => unknown;

/** The installed Nunjucks no longer has an internal this file relies on. */
class NunjucksInternalsError extends Error {
  constructor(what: string) {
    super(`The installed Nunjucks changed ${what}; src/core/templates/nunjucksInternals.ts must be updated before templates can run safely.`);
    this.name = 'NunjucksInternalsError';
  }
}

const RUNTIME_LOOKUPS: readonly (keyof RuntimeLookups)[] = ['memberLookup', 'contextOrFrameLookup', 'callWrap'];
const PATCHED = Symbol.for('datagenflow.nunjucksRuntimePatched');

type Internals = { parser?: { parse?: unknown }; lexer?: { lex?: unknown }; runtime?: Record<string | symbol, unknown> };
const internals = nunjucks as unknown as Internals;

/** Parses a template into Nunjucks' parse tree; throws Nunjucks' TemplateError on a syntax error. */
export function parseTemplate(source: string): AstNode {
  const parse = internals.parser?.parse;
  if (typeof parse !== 'function') throw new NunjucksInternalsError('its parser (nunjucks.parser.parse)');
  return (parse as (src: string) => AstNode)(source);
}

/** Nunjucks' lexer over a template: `nextToken()` until null (it throws on text it cannot lex). */
export function lexTemplate(source: string): { nextToken(): TemplateToken | null } {
  const lex = internals.lexer?.lex;
  if (typeof lex !== 'function') throw new NunjucksInternalsError('its lexer (nunjucks.lexer.lex)');
  return (lex as (src: string) => { nextToken(): TemplateToken | null })(source);
}

/**
 * Replaces the runtime lookups of every template in this process with `wrap(originals)`, once (later calls do
 * nothing). Compiled templates reach these functions through the runtime module object at each call, so the
 * replacement covers templates compiled before and after.
 */
export function patchRuntimeLookups(wrap: (originals: RuntimeLookups) => RuntimeLookups): void {
  const runtime = internals.runtime;
  if (!runtime) throw new NunjucksInternalsError('its runtime module (nunjucks.runtime)');
  if (runtime[PATCHED]) return;
  for (const name of RUNTIME_LOOKUPS) if (typeof runtime[name] !== 'function') throw new NunjucksInternalsError(`its runtime lookups (nunjucks.runtime.${name})`);
  const originals = Object.fromEntries(RUNTIME_LOOKUPS.map((name) => [name, runtime[name]])) as unknown as RuntimeLookups;
  const wrapped = wrap(originals);
  for (const name of RUNTIME_LOOKUPS) runtime[name] = wrapped[name];
  runtime[PATCHED] = true;
}

/** Whether patchRuntimeLookups has run (the lookups in place are the wrapped ones). */
export function runtimeLookupsPatched(): boolean {
  return internals.runtime?.[PATCHED] === true;
}

/** The environment's filters by name (built-in and added), as a live map: replacing an entry replaces the filter. */
export function environmentFilters(env: nunjucks.Environment): Record<string, TemplateFilter> {
  const filters = (env as unknown as { filters?: unknown }).filters;
  if (typeof filters !== 'object' || filters === null || typeof (filters as Record<string, unknown>).upper !== 'function') {
    throw new NunjucksInternalsError("where an environment keeps its filters (env.filters)");
  }
  return filters as Record<string, TemplateFilter>;
}
