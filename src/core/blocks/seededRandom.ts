/**
 * A small seeded PRNG for StructureSampler. `Math.random` cannot be seeded, and the sampler promises that the same
 * `seed` reproduces the same skeletons on every machine and Node version, so we carry our own generator.
 */

export type Random = () => number;

/** mulberry32: a well-known 32-bit generator; plenty for weighted sampling, not for cryptography. */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generator for `seed`, or a randomly seeded one when no seed is given (unreproducible by request). */
export function createRandom(seed: number | undefined): Random {
  return mulberry32(seed ?? Math.floor(Math.random() * 4294967296));
}

/** Picks an index with probability proportional to its weight. */
export function weightedIndex(random: Random, weights: readonly number[]): number {
  const total = weights.reduce((s, w) => s + w, 0);
  let r = random() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i];
    if (r < 0) return i;
  }
  // Floating point can leave r at ~0 after the last weight: the last item is the right answer then.
  return weights.length - 1;
}

/**
 * Up to `k` distinct items in random order: a partial Fisher–Yates over a sparse map of swaps, so picking 3 of
 * thousands of samples costs O(k) rather than a copy of the pool (the sampler does this once per skeleton).
 */
export function sampleWithoutReplacement<T>(random: Random, items: readonly T[], k: number): T[] {
  const n = Math.min(k, items.length);
  const swapped = new Map<number, number>();
  const out: T[] = [];
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (items.length - i));
    const atJ = swapped.get(j) ?? j;
    swapped.set(j, swapped.get(i) ?? i);
    out.push(items[atJ]);
  }
  return out;
}
