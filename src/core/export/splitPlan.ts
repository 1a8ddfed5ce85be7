import { mulberry32 } from '../blocks/seededRandom';
import type { SplitRatios } from './exportMapping';

export const SPLIT_NAMES = ['train', 'validation', 'test'] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];

/** How many of `n` records each split gets: validation and test rounded from their ratio, train the rest. */
export function splitSizes(n: number, ratios: SplitRatios): Record<SplitName, number> {
  const sum = ratios.train + ratios.validation + ratios.test;
  const validation = Math.round((n * ratios.validation) / sum);
  const test = Math.min(n - validation, Math.round((n * ratios.test) / sum));
  return { train: n - validation - test, validation, test };
}

/**
 * The split of each of `n` records (by position in unit order): a seeded shuffle (Fisher–Yates over mulberry32),
 * so the same seed, ratios and records give the same splits on every machine. One byte per record.
 */
export function splitPlan(n: number, ratios: SplitRatios, seed: number): Uint8Array {
  const sizes = splitSizes(n, ratios);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const random = mulberry32(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  const plan = new Uint8Array(n);
  for (let k = 0; k < n; k++) plan[order[k]] = k < sizes.train ? 0 : k < sizes.train + sizes.validation ? 1 : 2;
  return plan;
}
