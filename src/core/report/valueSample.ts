import { mulberry32, type Random } from '../blocks/seededRandom';
import type { Distribution, Histogram } from './reportTypes';

/** Values kept per distribution: quantiles and histograms are exact up to this many values, sampled beyond. */
export const SAMPLE_SIZE = 20_000;
export const HISTOGRAM_BARS = 20;

/**
 * Count, min, max and mean of every value added, and a uniform sample of them (reservoir sampling, Vitter's
 * algorithm R, seeded so a report is reproducible) in a fixed-size typed array: memory does not grow with the job.
 */
export class ValueSample {
  private readonly kept: Float64Array;
  private readonly random: Random;
  private seen = 0;
  private sum = 0;
  private low = Infinity;
  private high = -Infinity;

  constructor(capacity = SAMPLE_SIZE, seed = 1) {
    this.kept = new Float64Array(Math.max(1, capacity));
    this.random = mulberry32(seed);
  }

  get count(): number {
    return this.seen;
  }

  /** The smallest and largest values added (Infinity and -Infinity before any). */
  get bounds(): { min: number; max: number } {
    return { min: this.low, max: this.high };
  }

  add(value: number): void {
    if (!Number.isFinite(value)) return;
    this.seen++;
    this.sum += value;
    if (value < this.low) this.low = value;
    if (value > this.high) this.high = value;
    if (this.seen <= this.kept.length) this.kept[this.seen - 1] = value;
    else {
      const slot = Math.floor(this.random() * this.seen);
      if (slot < this.kept.length) this.kept[slot] = value;
    }
  }

  /** The sampled values, sorted. */
  sorted(): Float64Array {
    return this.kept.slice(0, Math.min(this.seen, this.kept.length)).sort();
  }

  distribution(bounds?: { min: number; max: number }): Distribution {
    const values = this.sorted();
    if (this.seen === 0) return { count: 0, min: 0, max: 0, mean: 0, p50: 0, p90: 0, sampled: 0, histogram: { min: 0, max: 0, counts: [] } };
    return {
      count: this.seen,
      min: this.low,
      max: this.high,
      mean: this.sum / this.seen,
      p50: quantile(values, 0.5),
      p90: quantile(values, 0.9),
      sampled: values.length,
      histogram: histogram(values, bounds ?? this.bounds),
    };
  }
}

/** The sample of `field` in `samples`, created empty on first use. */
export function sampleOf(samples: Map<string, ValueSample>, field: string): ValueSample {
  let sample = samples.get(field);
  if (!sample) {
    sample = new ValueSample();
    samples.set(field, sample);
  }
  return sample;
}

/** Nearest-rank quantile of sorted values. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

/** Equal-width bars from min to max (one bar when they are equal); values outside are left out. */
export function histogram(values: ArrayLike<number>, bounds: { min: number; max: number }, bars = HISTOGRAM_BARS): Histogram {
  const { min, max } = bounds;
  const n = max > min ? bars : 1;
  const counts = new Array<number>(n).fill(0);
  const width = (max - min) / n;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min || v > max) continue;
    counts[width > 0 ? Math.min(n - 1, Math.floor((v - min) / width)) : 0]++;
  }
  return { min, max, counts };
}
