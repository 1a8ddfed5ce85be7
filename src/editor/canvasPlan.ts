import type { EditorPlan } from '../shared/editorProtocol';

/** What the canvas plans with: the seed file's name, or none chosen. */
export interface PlanTarget {
  seedFile?: string;
}

/** Makes the plan's header text for the current document and seed file; rejects with the reason it cannot. */
export type CanvasPlanner = (seedFile: string, signal: AbortSignal) => Promise<{ summary: string; details: string[] }>;

export interface CanvasPlanOptions {
  /** The current seed file (read when a plan starts). */
  target(): PlanTarget;
  planner: CanvasPlanner;
  /** Receives every state: planning, ready, unavailable, no-seeds. */
  post(plan: EditorPlan): void;
  /** False while nobody would see a plan (the webview hidden or loading): changes then plan nothing; `now()` on ready. */
  active?: () => boolean;
  /** Wait after a document change before planning (default 800 ms): never on the keystroke path. */
  debounceMs?: number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/**
 * The canvas header's plan: recomputed a while after the document or the seed file changes, the plan still running
 * cancelled (its signal aborted) when a newer one is asked for, and only the newest plan's result posted. A plan
 * that fails is posted as `unavailable` with its reason: the header shows it, nothing pops up.
 */
export class CanvasPlan {
  private timer: unknown;
  private running: AbortController | undefined;
  private generation = 0;
  private disposed = false;
  private readonly setTimer: (run: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;

  constructor(private readonly options: CanvasPlanOptions) {
    this.setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
    this.clearTimer = options.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  }

  /** Plans again after the debounce (a document change): an earlier request still waiting is replaced. */
  schedule(): void {
    if (this.disposed || this.options.active?.() === false) return;
    this.cancelTimer();
    this.timer = this.setTimer(() => {
      this.timer = undefined;
      void this.run();
    }, this.options.debounceMs ?? 800);
  }

  /** Plans again now (the webview became ready, another seed file was chosen). */
  now(): Promise<void> {
    this.cancelTimer();
    return this.run();
  }

  dispose(): void {
    this.disposed = true;
    this.cancelTimer();
    this.running?.abort(new Error('the canvas closed'));
  }

  private async run(): Promise<void> {
    if (this.disposed) return;
    this.running?.abort(new Error('a newer plan was asked for'));
    const generation = ++this.generation;
    const { seedFile } = this.options.target();
    if (seedFile === undefined) {
      this.running = undefined;
      return this.options.post({ state: 'no-seeds' });
    }
    const stop = new AbortController();
    this.running = stop;
    this.options.post({ state: 'planning', seedFile });
    let plan: EditorPlan;
    try {
      plan = { state: 'ready', seedFile, ...(await this.options.planner(seedFile, stop.signal)) };
    } catch (e) {
      plan = { state: 'unavailable', seedFile, reason: e instanceof Error ? e.message : String(e) };
    }
    if (generation !== this.generation || this.disposed) return;
    this.running = undefined;
    this.options.post(plan);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
  }
}
