import { seedListOf } from '../seeds/seedList';
import type { Seed, SeedList } from '../seeds/seedTypes';
import { chunkKey, parseUnitKey, repetitionKey, seedKey } from '../records/unitKeys';

/** A unit of work: one initial state to push through the (non-multiplier) blocks. */
export interface Unit {
  key: string;
  seedIndex: number;
  repetition?: number;
  chunkIndex?: number;
  metadata: Record<string, unknown>;
}

/**
 * What a chunk's unit starts from, as in its record: its seed's metadata without the multiplier's inputs (the
 * document itself, which would otherwise be copied into every chunk's record), then the chunk's own fields.
 */
export function chunkBaseMetadata(seedMetadata: Record<string, unknown>, multiplierInputs: readonly string[]): Record<string, unknown> {
  const base: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(seedMetadata)) if (!multiplierInputs.includes(key)) base[key] = value;
  return base;
}

/** One seed's chunk units: `repetitions` rounds over its chunks (the original's order), minus filtered ones. */
export interface SeedChunks {
  /** Units of the seed, wanted or not: repetitions × chunks. */
  total: number;
  /** Units the filter leaves out (done before, or not asked for by a retry); ask once `total` is within limits. */
  skipped(): number;
  units: Generator<Unit, void, undefined>;
}

export function seedChunkUnits(
  seedIndex: number,
  repetitions: number,
  base: Record<string, unknown>,
  items: readonly Record<string, unknown>[],
  filter: UnitFilter,
): SeedChunks {
  const total = Math.max(0, repetitions) * items.length;
  const skipped = (): number => {
    if (!filter.doneKeys?.size && !filter.onlyKeys) return 0;
    let wanted = 0;
    for (let r = 0; r < repetitions; r++) for (let c = 0; c < items.length; c++) if (wantedUnit(chunkKey(seedIndex, c, r), seedIndex, filter)) wanted++;
    return total - wanted;
  };
  function* units(): Generator<Unit, void, undefined> {
    for (let r = 0; r < repetitions; r++) {
      for (const [chunkIndex, item] of items.entries()) {
        const key = chunkKey(seedIndex, chunkIndex, r);
        if (wantedUnit(key, seedIndex, filter)) yield { key, seedIndex, chunkIndex, metadata: { ...base, ...item } };
      }
    }
  }
  return { total, skipped, units: units() };
}

/** Which units of a job to run: all of them, minus `doneKeys`; with `onlyKeys`, only those (retry). */
export interface UnitFilter {
  doneKeys?: ReadonlySet<string>;
  /** Unit keys, or seed keys (`s3`) meaning every unit of that seed. */
  onlyKeys?: ReadonlySet<string>;
}

export function wantedUnit(key: string, seedIndex: number, filter: UnitFilter): boolean {
  if (filter.doneKeys?.has(key)) return false;
  if (!filter.onlyKeys) return true;
  return filter.onlyKeys.has(key) || filter.onlyKeys.has(seedKey(seedIndex));
}

/**
 * Seeds × repetitions in seed order, generated one unit at a time as the runner pulls them: a job of a million
 * units never holds a million units. Units of one seed share the metadata object, read once per seed and only
 * when one of its units is wanted.
 */
export function* repetitionUnits(seeds: readonly Seed[] | SeedList, filter: UnitFilter = {}): Generator<Unit, void, undefined> {
  const list = seedListOf(seeds);
  for (let seedIndex = 0; seedIndex < list.length; seedIndex++) {
    const repetitions = list.repetitionsAt(seedIndex);
    let metadata: Record<string, unknown> | undefined;
    for (let repetition = 0; repetition < repetitions; repetition++) {
      const key = repetitionKey(seedIndex, repetition);
      if (!wantedUnit(key, seedIndex, filter)) continue;
      metadata ??= list.at(seedIndex)?.metadata ?? {};
      yield { key, seedIndex, repetition, metadata };
    }
  }
}

/** Units of a normal pipeline's job: the sum of the repetitions, computed without listing them. */
export function totalRepetitions(seeds: readonly Seed[] | SeedList): number {
  const list = seedListOf(seeds);
  let total = 0;
  for (let i = 0; i < list.length; i++) total += Math.max(0, list.repetitionsAt(i));
  return total;
}

/**
 * How many units `repetitionUnits(seeds, filter)` will yield, from the keys in the filter (a resume's done keys,
 * a retry's failed keys) rather than by walking every unit.
 */
export function pendingRepetitions(seeds: readonly Seed[] | SeedList, filter: UnitFilter): number {
  const list = seedListOf(seeds);
  const inPlan = (key: string): { seedIndex: number; repetition?: number } | undefined => {
    const parsed = parseUnitKey(key);
    if (!parsed || parsed.seedIndex >= list.length || parsed.chunkIndex !== undefined) return undefined;
    if (parsed.repetition !== undefined && parsed.repetition >= list.repetitionsAt(parsed.seedIndex)) return undefined;
    return parsed;
  };
  const done = filter.doneKeys;
  if (!filter.onlyKeys) {
    let doneInPlan = 0;
    for (const key of done ?? []) if (inPlan(key)?.repetition !== undefined) doneInPlan++;
    return totalRepetitions(list) - doneInPlan;
  }
  let pending = 0;
  for (const key of filter.onlyKeys) {
    const unit = inPlan(key);
    if (!unit) continue;
    if (unit.repetition === undefined) {
      // A whole seed: each of its units not done yet.
      for (let r = 0; r < list.repetitionsAt(unit.seedIndex); r++) if (!done?.has(repetitionKey(unit.seedIndex, r))) pending++;
    } else if (!done?.has(key) && !filter.onlyKeys.has(seedKey(unit.seedIndex))) {
      pending++;
    }
  }
  return pending;
}
