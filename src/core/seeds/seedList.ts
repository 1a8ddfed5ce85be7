import type { Seed, SeedList } from './seedTypes';

/** A SeedList over seeds already in memory (tests, Markdown seeds); a SeedList is returned as it is. */
export function seedListOf(seeds: readonly Seed[] | SeedList): SeedList {
  if (!Array.isArray(seeds)) return seeds as SeedList;
  const array = seeds as readonly Seed[];
  return {
    length: array.length,
    at: (i) => array[i],
    repetitionsAt: (i) => array[i]?.repetitions ?? 0,
    [Symbol.iterator]: () => array[Symbol.iterator](),
  };
}

/** Releases a list once its run is over (see SeedList.release); an array holds nothing to release. */
export function releaseSeeds(seeds: readonly Seed[] | SeedList): void {
  if (!Array.isArray(seeds)) (seeds as SeedList).release?.();
}

/**
 * The seeds of a JSON seed file, kept as the file's text plus where each seed is in it: 16 bytes a seed. `at`
 * parses the seed's own slice of the text, so a 50 MB file is never held as objects, and each caller gets fresh
 * metadata it may keep or drop.
 */
export class JsonSeedList implements SeedList {
  constructor(
    private readonly text: string,
    private readonly start: Uint32Array,
    private readonly end: Uint32Array,
    private readonly repetitions: Float64Array,
  ) {}

  get length(): number {
    return this.repetitions.length;
  }

  at(index: number): Seed | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) return undefined;
    const item = JSON.parse(this.text.slice(this.start[index], this.end[index])) as { metadata: Record<string, unknown> };
    return { repetitions: this.repetitions[index], metadata: item.metadata };
  }

  repetitionsAt(index: number): number {
    return this.repetitions[index] ?? 0;
  }

  /** The text and where each seed is in it (character offsets): what a FileSeedList is made from. */
  spansInText(): { text: string; start: Uint32Array; end: Uint32Array; repetitions: Float64Array } {
    return { text: this.text, start: this.start, end: this.end, repetitions: this.repetitions };
  }

  *[Symbol.iterator](): Iterator<Seed> {
    for (let i = 0; i < this.length; i++) yield this.at(i) as Seed;
  }
}
