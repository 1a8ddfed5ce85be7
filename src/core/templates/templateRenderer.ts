import { CancelledError, TemplateError, TemplateLimitError } from '../errors';
import { plainTemplate, substitute, type PlainTemplate } from './plainSubstitution';
import { formatBytes, outputBudgetProblem, RENDER_LIMIT_SETTINGS, RENDER_WORKER_HEAP_MB, renderLimitsFrom, type RenderLimits } from './renderLimits';
import { RenderPool, type WorkerLocation } from './renderPool';
import { templateSourceProblem } from './templateSourceCheck';
import { templateNames, templateVariables } from './templateVariables';

const MAX_CHECKED_TEMPLATES = 500;

/** Where a template comes from, so errors can say which block and which config field. */
export interface TemplateOrigin {
  blockId?: string;
  blockType?: string;
  field?: string;
}

export interface TemplateRendererOptions {
  /** Time and output budgets; defaults where missing. */
  limits?: Partial<RenderLimits>;
  /** Render workers at most (default 2, 1 on a single core). */
  workers?: number;
  /** Where the worker entry is (default: beside the running bundle). */
  worker?: WorkerLocation;
}

/**
 * Renders config templates against the accumulated state with Jinja-like semantics: autoescape off, undefined
 * variables are errors, filters `tojson` and `truncate`, no access to JavaScript internals. Values from the state
 * are inserted as text and never rendered again, so seed data cannot inject template code.
 *
 * Checks that need only the text (syntax, unsupported tags, numbers, undefined variables) run here; the render
 * itself runs in a worker thread under a time budget, an output budget and a heap cap, and stops at once when the
 * signal fires. A template that only puts text values in text (`Topic: {{ topic }}`, most prompts) is substituted
 * here instead, under the same output budget: it cannot loop or build anything, and the worker's round trip cost
 * more than the render (see plainSubstitution). Every failure is a TemplateError naming the block and field.
 * Call `close()` when done.
 */
export class TemplateRenderer {
  readonly limits: RenderLimits;
  private readonly pool: RenderPool;
  /** templateSourceProblem per template text: a job renders the same few templates thousands of times. */
  private readonly checked = new Map<string, string | undefined>();
  /** plainTemplate per template text (undefined: it needs Nunjucks). */
  private readonly plainTemplates = new Map<string, PlainTemplate | undefined>();

  constructor(options: TemplateRendererOptions = {}) {
    this.limits = renderLimitsFrom(options.limits);
    this.pool = new RenderPool({ maxBytes: this.limits.maxBytes, size: options.workers, worker: options.worker });
  }

  async render(source: string, state: Readonly<Record<string, unknown>>, origin: TemplateOrigin = {}, signal?: AbortSignal): Promise<string> {
    if (!source.includes('{')) return source;
    const where = describe(origin);
    const fail = (message: string, variable?: string) => new TemplateError(`${where}: ${message}`, variable, origin.blockId);
    const overLimit = (message: string) => new TemplateLimitError(`${where}: ${message}`, undefined, origin.blockId);
    const problem = this.sourceProblem(source);
    if (problem) throw fail(problem);
    const variables = templateVariables(source);
    for (const name of variables) {
      if (!Object.prototype.hasOwnProperty.call(state, name)) {
        const available = Object.keys(state).filter((k) => !k.startsWith('_'));
        throw fail(
          `undefined variable '${name}'. Available: ${available.join(', ') || '(none)'}. ` +
            `Add '${name}' to the seed metadata or produce it in an earlier block.`,
          name,
        );
      }
    }
    // Text with bare `{{ name }}`s and text values: the substitution, here (Nunjucks would give the same text).
    const plain = this.plain(source);
    const substituted = plain && substitute(plain, state, this.limits.maxBytes);
    if (substituted !== undefined) {
      if (signal?.aborted) throw new CancelledError();
      const overBudget = outputBudgetProblem(substituted, this.limits.maxBytes);
      if (overBudget) throw overLimit(overBudget);
      return substituted;
    }
    // Only the fields the template reads cross to the worker (a template has no way to reach the others): a state
    // holding a whole document costs nothing to a prompt that reads one short field.
    const used = Object.fromEntries(templateNames(source).filter((name) => Object.prototype.hasOwnProperty.call(state, name)).map((name) => [name, state[name]]));
    const outcome = await this.pool.render(source, used, this.limits.timeoutMs, signal);
    if (outcome.ok) return outcome.text;
    switch (outcome.reason) {
      case 'cancelled':
        throw new CancelledError();
      case 'timeout':
        throw overLimit(
          `rendering took longer than the ${this.limits.timeoutMs} ms time budget and was stopped. ` +
            `Make the template do less (a loop over a large range?), or raise ${RENDER_LIMIT_SETTINGS.timeoutMs}.`,
        );
      case 'out-of-memory':
        throw overLimit(
          `rendering needed more than the renderer's ${formatBytes(RENDER_WORKER_HEAP_MB * 1_048_576)} of memory and was stopped. ` +
            'Make the template build smaller lists and texts.',
        );
      case 'crashed':
        throw overLimit(`the renderer stopped: ${outcome.message}`);
      case 'failed':
        throw outcome.limit ? overLimit(outcome.message) : fail(outcome.message, outcome.variable);
    }
  }

  private plain(source: string): PlainTemplate | undefined {
    if (this.plainTemplates.has(source)) return this.plainTemplates.get(source);
    if (this.plainTemplates.size >= MAX_CHECKED_TEMPLATES) this.plainTemplates.clear();
    const plain = plainTemplate(source);
    this.plainTemplates.set(source, plain);
    return plain;
  }

  private sourceProblem(source: string): string | undefined {
    if (this.checked.has(source)) return this.checked.get(source);
    if (this.checked.size >= MAX_CHECKED_TEMPLATES) this.checked.clear();
    const problem = templateSourceProblem(source);
    this.checked.set(source, problem);
    return problem;
  }

  /** Renders running in a worker right now. */
  get rendering(): number {
    return this.pool.running;
  }

  /** Stops the render workers (pending renders fail as cancelled). */
  close(): Promise<void> {
    return this.pool.close();
  }
}

function describe(origin: TemplateOrigin): string {
  const block = origin.blockId ? `Block '${origin.blockId}'${origin.blockType ? ` (${origin.blockType})` : ''}` : 'Template';
  return origin.field ? `${block}, ${origin.field}` : block;
}
