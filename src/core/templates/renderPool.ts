import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { RENDER_WORKER_HEAP_MB } from './renderLimits';
import type { RenderRequest, RenderWorkerData, RenderWorkerMessage } from './renderProtocol';

/** How a render through the pool ended. */
export type RenderOutcome =
  | { ok: true; text: string }
  | { ok: false; reason: 'failed'; message: string; variable?: string; limit?: boolean }
  | { ok: false; reason: 'timeout' | 'cancelled' }
  | { ok: false; reason: 'out-of-memory' | 'crashed'; message: string };

export interface WorkerLocation {
  file: string;
  execArgv: string[];
}

export interface RenderPoolOptions {
  /** Output budget, checked in the worker before the text is posted back. */
  maxBytes: number;
  /** Workers at most (started on demand, reused). Default: 2, or 1 on a single core. */
  size?: number;
  /** The worker entry; default: `templateWorker` beside the running bundle (see defaultWorkerLocation). */
  worker?: WorkerLocation;
  heapMb?: number;
  /** An idle worker stops after this long (default 10 s); the next render starts one again. */
  idleMs?: number;
}

const DEFAULT_IDLE_MS = 10_000;

/**
 * The worker entry sits beside the running module: dist/templateWorker.js next to dist/extension.js and dist/cli.js,
 * with a clean execArgv (the extension host's own flags are not for workers). When the engine runs from its
 * TypeScript source (tsx: unit tests, the CLI test harness) it is templateWorker.ts beside this file, loaded through
 * tsx's CommonJS hook (its `--import` hook does not reach worker threads).
 */
function defaultWorkerLocation(): WorkerLocation {
  if (extname(__filename) !== '.ts') return { file: join(__dirname, 'templateWorker.js'), execArgv: [] };
  return { file: join(__dirname, 'templateWorker.ts'), execArgv: ['--require', require.resolve('tsx/cjs')] };
}

interface Job {
  request: RenderRequest;
  timeoutMs: number;
  signal?: AbortSignal;
  resolve(outcome: RenderOutcome): void;
  timer?: NodeJS.Timeout;
  slot?: Slot;
  done: boolean;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job?: Job;
  error?: Error;
  gone: boolean;
  idleTimer?: NodeJS.Timeout;
}

/**
 * Renders templates in a few worker threads, so no render blocks the calling thread: a render that outlives its
 * time budget, or is cancelled, has its worker terminated (a new one starts for the next render); a worker that
 * allocates past its heap cap dies alone. Requests queue until a worker is free.
 */
export class RenderPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private readonly size: number;
  private readonly worker: WorkerLocation;
  private nextId = 1;
  /** Jobs waiting on each signal: one abort listener per signal, however many renders a job has in flight. */
  private readonly bySignal = new WeakMap<AbortSignal, Set<Job>>();

  constructor(private readonly options: RenderPoolOptions) {
    this.size = Math.max(1, options.size ?? Math.min(2, availableParallelism()));
    this.worker = options.worker ?? defaultWorkerLocation();
  }

  /** Workers currently alive (started or starting). */
  get workerCount(): number {
    return this.slots.size;
  }

  /** Renders running in a worker right now (not counting queued ones). */
  get running(): number {
    return [...this.slots].filter((s) => s.job).length;
  }

  render(source: string, state: Readonly<Record<string, unknown>>, timeoutMs: number, signal?: AbortSignal): Promise<RenderOutcome> {
    return new Promise((resolve) => {
      if (signal?.aborted) {
        resolve({ ok: false, reason: 'cancelled' });
        return;
      }
      const job: Job = { request: { id: this.nextId++, source, state }, timeoutMs, signal, resolve, done: false };
      if (signal) this.watch(signal, job);
      this.queue.push(job);
      this.pump();
    });
  }

  /** Fails whatever is queued or running as cancelled and stops every worker. */
  async close(): Promise<void> {
    for (const job of this.queue.splice(0)) this.finish(job, { ok: false, reason: 'cancelled' });
    const stopping = [...this.slots].map((slot) => {
      if (slot.job) this.finish(slot.job, { ok: false, reason: 'cancelled' });
      return this.stop(slot);
    });
    await Promise.all(stopping);
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.ready && !slot.job && !slot.gone) this.dispatch(slot, this.queue.shift() as Job);
    }
    const starting = [...this.slots].filter((s) => !s.ready).length;
    for (let i = starting; i < this.queue.length && this.slots.size < this.size; i++) this.spawn();
  }

  private spawn(): void {
    const data: RenderWorkerData = { maxBytes: this.options.maxBytes };
    const heap = this.options.heapMb ?? RENDER_WORKER_HEAP_MB;
    const worker = new Worker(this.worker.file, {
      workerData: data,
      execArgv: this.worker.execArgv,
      resourceLimits: { maxOldGenerationSizeMb: heap, maxYoungGenerationSizeMb: Math.min(32, heap), stackSizeMb: 4 },
    });
    const slot: Slot = { worker, ready: false, gone: false };
    this.slots.add(slot);
    // Referenced while it starts or renders (someone waits for it), unreferenced when idle (it never keeps a process alive).
    worker.on('message', (m: RenderWorkerMessage) => this.onMessage(slot, m));
    worker.on('error', (e) => (slot.error = e));
    worker.on('exit', () => this.onExit(slot));
  }

  private dispatch(slot: Slot, job: Job): void {
    clearTimeout(slot.idleTimer);
    slot.job = job;
    job.slot = slot;
    slot.worker.ref();
    job.timer = setTimeout(() => this.kill(slot, { ok: false, reason: 'timeout' }), job.timeoutMs);
    try {
      slot.worker.postMessage(job.request);
    } catch (e) {
      // A value the structured clone cannot copy (a function in the state, say): this render fails, the worker is fine.
      this.release(slot);
      this.finish(job, { ok: false, reason: 'failed', message: `the state cannot be passed to the renderer: ${e instanceof Error ? e.message : String(e)}` });
      this.pump();
    }
  }

  private onMessage(slot: Slot, m: RenderWorkerMessage): void {
    // A worker being terminated (close, timeout, cancel) may still deliver what it posted before: ignore it, above
    // all a late 'ready', whose idle() would unref a worker that terminate() is waiting for.
    if (slot.gone) return;
    if (m.type === 'ready') {
      slot.ready = true;
      this.pump();
      if (!slot.job) this.idle(slot);
      return;
    }
    const job = slot.job;
    if (!job || job.request.id !== m.id) return;
    this.release(slot);
    this.finish(job, m.type === 'rendered' ? { ok: true, text: m.text } : { ok: false, reason: 'failed', message: m.message, variable: m.variable, limit: m.limit });
    this.pump();
  }

  private onExit(slot: Slot): void {
    const wasReady = slot.ready;
    slot.gone = true;
    this.slots.delete(slot);
    const job = slot.job;
    if (job) {
      const oom = (slot.error as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
      const why = slot.error?.message ?? 'the render worker stopped';
      this.finish(job, oom ? { ok: false, reason: 'out-of-memory', message: why } : { ok: false, reason: 'crashed', message: why });
    } else if (!wasReady && slot.error) {
      // The worker could not even start: fail what waits rather than starting workers forever.
      const message = `the template renderer could not start: ${slot.error.message}`;
      for (const queued of this.queue.splice(0)) this.finish(queued, { ok: false, reason: 'crashed', message });
    }
    this.pump();
  }

  private cancel(job: Job): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) this.queue.splice(queued, 1);
    if (job.slot && job.slot.job === job) this.kill(job.slot, { ok: false, reason: 'cancelled' });
    else this.finish(job, { ok: false, reason: 'cancelled' });
  }

  /** Ends the job running on `slot` with `outcome` and terminates the worker (busy JS cannot be interrupted otherwise). */
  private kill(slot: Slot, outcome: RenderOutcome): void {
    const job = slot.job;
    slot.job = undefined;
    void this.stop(slot);
    if (job) this.finish(job, outcome);
    this.pump();
  }

  private stop(slot: Slot): Promise<number> {
    clearTimeout(slot.idleTimer);
    slot.gone = true;
    this.slots.delete(slot);
    // Referenced until it has exited: an idle (unreferenced) worker's exit would not keep the process alive, and a
    // caller awaiting close() could see the process end silently before it returns (a CLI run exiting 0 with its job
    // never finished, seen twice in full CI runs).
    slot.worker.ref();
    return slot.worker.terminate();
  }

  private release(slot: Slot): void {
    slot.job = undefined;
    this.idle(slot);
  }

  /** An idle worker keeps no process alive, and stops after a while (a thread and its heap are not free). */
  private idle(slot: Slot): void {
    slot.worker.unref();
    clearTimeout(slot.idleTimer);
    slot.idleTimer = setTimeout(() => {
      if (!slot.job && !slot.gone) void this.stop(slot);
    }, this.options.idleMs ?? DEFAULT_IDLE_MS);
    slot.idleTimer.unref();
  }

  private finish(job: Job, outcome: RenderOutcome): void {
    if (job.done) return;
    job.done = true;
    clearTimeout(job.timer);
    if (job.signal) this.unwatch(job.signal, job);
    job.resolve(outcome);
  }

  private watch(signal: AbortSignal, job: Job): void {
    let jobs = this.bySignal.get(signal);
    if (!jobs) {
      const waiting = new Set<Job>();
      jobs = waiting;
      this.bySignal.set(signal, waiting);
      signal.addEventListener('abort', () => [...waiting].forEach((j) => this.cancel(j)), { once: true });
    }
    jobs.add(job);
  }

  private unwatch(signal: AbortSignal, job: Job): void {
    // The signal keeps its one listener (it fires at most once, and finds no job left).
    this.bySignal.get(signal)?.delete(job);
  }
}
