import type { Seed } from '../seeds/seedTypes';

/** A unit of work: one initial state to push through the (non-multiplier) blocks. */
export interface Unit {
  key: string;
  seedIndex: number;
  repetition?: number;
  chunkIndex?: number;
  metadata: Record<string, unknown>;
}

export function repetitionKey(seedIndex: number, repetition: number): string {
  return `s${seedIndex}.r${repetition}`;
}

export function chunkKey(seedIndex: number, chunkIndex: number): string {
  return `s${seedIndex}.c${chunkIndex}`;
}

/** Key of a whole seed whose multiplier failed: no chunk exists to key it by. */
export function seedKey(seedIndex: number): string {
  return `s${seedIndex}`;
}

/** Seeds × repetitions, in seed order. Metadata objects are copied so units never share state. */
export function repetitionUnits(seeds: readonly Seed[]): Unit[] {
  const units: Unit[] = [];
  seeds.forEach((seed, seedIndex) => {
    for (let r = 0; r < seed.repetitions; r++) {
      units.push({ key: repetitionKey(seedIndex, r), seedIndex, repetition: r, metadata: seed.metadata });
    }
  });
  return units;
}

export function totalRepetitions(seeds: readonly Seed[]): number {
  return seeds.reduce((n, s) => n + Math.max(0, s.repetitions), 0);
}
