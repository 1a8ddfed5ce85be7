/** Small measuring helpers shared by the benchmarks. */

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Times `fn` `runs` times; returns the first (cold) and the median run, in ms. */
export function timeRuns(runs: number, fn: () => void): { first: number; median: number } {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return { first: times[0], median: percentile(times, 50) };
}

/**
 * Samples RSS every `everyMs`. A long synchronous call (sql.js export, loading a snapshot) blocks the timer, so the
 * kernel's own high-water mark (resourceUsage().maxRSS) is reported beside it: that one cannot miss a peak.
 */
export class RssSampler {
  maxSampled = 0;
  /** Highest sample in each phase named with `phase()`, in the order the phases began. */
  readonly byPhase = new Map<string, number>();
  private current = 'start';
  private readonly timer: NodeJS.Timeout;

  constructor(everyMs = 50) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  phase(name: string): void {
    this.sample();
    this.current = name;
    this.sample();
  }

  sample(): void {
    const rss = process.memoryUsage().rss;
    this.maxSampled = Math.max(this.maxSampled, rss);
    this.byPhase.set(this.current, Math.max(this.byPhase.get(this.current) ?? 0, rss));
  }

  /** Peak RSS as the kernel counted it, in bytes. */
  get kernelPeak(): number {
    return process.resourceUsage().maxRSS * 1024;
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }
}

export interface TableRow {
  figure: string;
  value: string;
  goal?: string;
  /** Absent: no goal, nothing to judge. */
  met?: boolean;
}

export function printTable(rows: readonly TableRow[]): void {
  const width = (pick: (r: TableRow) => string) => Math.max(...rows.map((r) => pick(r).length));
  const w1 = width((r) => r.figure);
  const w2 = width((r) => r.value);
  const w3 = width((r) => r.goal ?? '');
  for (const r of rows) {
    const verdict = r.met === undefined ? '' : r.met ? 'ok' : 'MISSED';
    console.log(`${r.figure.padEnd(w1)}  ${r.value.padStart(w2)}  ${(r.goal ?? '').padEnd(w3)}  ${verdict}`.trimEnd());
  }
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
export const ms = (n: number, digits = 2) => `${n.toFixed(digits)} ms`;
