import * as nunjucks from 'nunjucks';
import { formatBytes, MAX_RANGE_ITEMS, RENDER_LIMIT_SETTINGS } from './renderLimits';
import { environmentFilters } from './nunjucksInternals';
import { installTemplateSandbox } from './sandbox';

/** A template asked for more than a render may build (a huge `range`, a filter with a huge width…). */
export class RenderLimitError extends Error {
  override readonly name = 'RenderLimitError';
}

/**
 * The one Nunjucks environment templates render in: Jinja-like (autoescape off, undefined is an error), filters
 * `tojson` and `truncate`, no route to JavaScript internals, and no built-in that allocates in proportion to a number
 * the template chose: `range` and `slice` stop at MAX_RANGE_ITEMS, `center`/`indent` refuse widths whose result
 * would exceed the output budget, and every filter's string result is checked against it.
 */
export function createTemplateEnvironment(maxBytes: number): nunjucks.Environment {
  installTemplateSandbox();
  const env = new nunjucks.Environment([], { autoescape: false, throwOnUndefined: true });
  env.addFilter('tojson', (value: unknown, indent?: number) => JSON.stringify(value ?? null, null, indent ?? 2));
  env.addFilter('truncate', (value: unknown, length = 100) => {
    const s = String(value ?? '');
    return s.length > length ? `${s.slice(0, length)}...` : s;
  });
  env.addGlobal('range', cappedRange);
  guardFilters(env, maxBytes);
  return env;
}

/** Nunjucks' `range`, refusing before it allocates a list longer than MAX_RANGE_ITEMS. */
function cappedRange(start: unknown, stop?: unknown, step?: unknown): number[] {
  let from = Number(start);
  let to = Number(stop);
  if (stop === undefined) {
    to = from;
    from = 0;
  }
  const by = step === undefined || step === null || Number(step) === 0 ? 1 : Number(step);
  const count = rangeLength(from, to, by);
  if (count > MAX_RANGE_ITEMS) {
    const args = stop === undefined ? `${String(start)}` : `${String(start)}, ${String(stop)}${step === undefined ? '' : `, ${String(step)}`}`;
    throw new RenderLimitError(`range(${args}) would build ${fmt(count)} items; a template's range() may build at most ${fmt(MAX_RANGE_ITEMS)}`);
  }
  const out: number[] = [];
  if (by > 0) for (let i = from; i < to; i += by) out.push(i);
  else for (let i = from; i > to; i += by) out.push(i);
  return out;
}

/** Items `range(from, to, by)` yields; Infinity when the arguments do not bound it. */
export function rangeLength(from: number, to: number, by: number): number {
  if ([from, to, by].some((n) => Number.isNaN(n))) return 0;
  const span = by > 0 ? to - from : from - to;
  if (span <= 0) return 0;
  return Math.ceil(span / Math.abs(by));
}

function guardFilters(env: nunjucks.Environment, maxBytes: number): void {
  const tooBig = (what: string, size: number) =>
    new RenderLimitError(
      `${what} would build ${formatBytes(size)} of text, over the ${formatBytes(maxBytes)} output budget (raise ${RENDER_LIMIT_SETTINGS.maxBytes} if you need it)`,
    );
  const before: Record<string, (args: unknown[]) => void> = {
    center: ([str, width]) => {
      const w = Number(width);
      if (w > maxBytes) throw tooBig(`center(${String(width)})`, w);
      void str;
    },
    indent: ([str, width, first]) => {
      const w = Number(width || 4);
      const lines = String(str ?? '').split('\n').length - (first ? 0 : 1);
      const size = String(str ?? '').length + w * lines;
      if (size > maxBytes) throw tooBig(`indent(${String(width)})`, size);
    },
    slice: ([, slices]) => {
      const n = Number(slices);
      if (n > MAX_RANGE_ITEMS) throw new RenderLimitError(`slice(${String(slices)}) would build ${fmt(n)} lists; at most ${fmt(MAX_RANGE_ITEMS)} are allowed`);
    },
    batch: ([, size]) => {
      if (!(Number(size) >= 1)) throw new RenderLimitError(`batch(${String(size)}) needs a size of at least 1`);
    },
  };
  const filters = environmentFilters(env);
  for (const [name, filter] of Object.entries(filters)) {
    const check = before[name];
    filters[name] = function guarded(this: unknown, ...args: unknown[]) {
      check?.(args);
      const result = filter.apply(this, args);
      const length = typeof result === 'string' ? result.length : 0;
      if (length > maxBytes) throw tooBig(`the filter '${name}'`, length);
      return result;
    };
  }
}

function fmt(n: number): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US') : 'unboundedly many';
}
