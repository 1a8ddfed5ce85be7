// Unit keys: the stable identity of a unit of work, by which the runner skips done units (resume, retry) and the
// store finds the record a result replaces.

/** Unit `repetition` of seed `seedIndex` in a normal pipeline: `s3.r1`. */
export function repetitionKey(seedIndex: number, repetition: number): string {
  return `s${seedIndex}.r${repetition}`;
}

/**
 * Chunk `chunkIndex` of seed `seedIndex`: `s3.c2`. A seed with repetitions runs its chunks again per repetition;
 * the first keeps the plain key (so keys of one-repetition seeds never change) and later ones add it: `s3.c2.r1`.
 */
export function chunkKey(seedIndex: number, chunkIndex: number, repetition = 0): string {
  return repetition === 0 ? `s${seedIndex}.c${chunkIndex}` : `s${seedIndex}.c${chunkIndex}.r${repetition}`;
}

/** Key of a whole seed whose multiplier failed: no chunk exists to key it by. */
export function seedKey(seedIndex: number): string {
  return `s${seedIndex}`;
}

/**
 * `s3.r1` → seed 3, repetition 1; `s3.c0` → chunk 0; `s3.c0.r2` → chunk 0 of repetition 2; `s3` → the whole
 * seed; anything else → undefined.
 */
export function parseUnitKey(key: string): { seedIndex: number; repetition?: number; chunkIndex?: number } | undefined {
  const match = /^s(\d+)(?:\.r(\d+)|\.c(\d+)(?:\.r(\d+))?)?$/.exec(key);
  if (!match) return undefined;
  const seedIndex = Number(match[1]);
  if (match[2] !== undefined) return { seedIndex, repetition: Number(match[2]) };
  if (match[3] === undefined) return { seedIndex };
  return { seedIndex, chunkIndex: Number(match[3]), ...(match[4] !== undefined ? { repetition: Number(match[4]) } : {}) };
}
