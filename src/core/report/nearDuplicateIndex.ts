import { fmix32, HASHES, signatureSimilarity, type Signature } from './minHash';

/** LSH banding of the 64 MinHash values: 16 bands of 4 rows. Two texts of similarity s share a band with probability 1-(1-s⁴)¹⁶ (0.9998 at 0.8, 0.64 at 0.5, 0.12 at 0.3). */
export const BANDS = 16;
export const ROWS = HASHES / BANDS;
/** Estimated Jaccard similarity from which two texts are near-duplicates. */
export const NEAR_DUPLICATE_THRESHOLD = 0.8;

export interface NearMatch {
  id: number;
  similarity: number;
}

/**
 * Signatures by id, and per band a bucket from band hash to the first signature that had it. A query compares a
 * signature with the first signature of each bucket it falls in (the candidates) and returns the most similar at or
 * above the threshold. Memory: 256 bytes of signature per text plus one map entry per band, never the texts.
 */
export class NearDuplicateIndex {
  private signatures = new Uint32Array(HASHES * 1024);
  private ids = new Float64Array(1024);
  private size = 0;
  private readonly buckets: Map<number, number>[] = Array.from({ length: BANDS }, () => new Map());
  private readonly seen = new Int32Array(BANDS);

  constructor(private readonly threshold = NEAR_DUPLICATE_THRESHOLD) {}

  get count(): number {
    return this.size;
  }

  /** The most similar indexed text at or above the threshold. `keys`: bandKeys(sig), when the caller has them. */
  query(sig: Signature, keys: Int32Array = bandKeys(sig)): NearMatch | undefined {
    let best: NearMatch | undefined;
    // Slots already compared (a near-duplicate usually shares many bands with the same text).
    const seen = this.seen;
    let seenCount = 0;
    for (let band = 0; band < BANDS; band++) {
      const slot = this.buckets[band].get(keys[band]);
      if (slot === undefined || compared(seen, seenCount, slot)) continue;
      seen[seenCount++] = slot;
      const similarity = signatureSimilarity(sig, this.signatures, slot * HASHES);
      if (similarity >= this.threshold && (!best || similarity > best.similarity)) best = { id: this.ids[slot], similarity };
    }
    return best;
  }

  /** Indexes `sig` under `id` (in the buckets it is the first of). */
  add(id: number, sig: Signature, keys: Int32Array = bandKeys(sig)): void {
    if (this.size === this.ids.length) this.grow();
    const slot = this.size++;
    this.signatures.set(sig, slot * HASHES);
    this.ids[slot] = id;
    for (let band = 0; band < BANDS; band++) {
      const bucket = this.buckets[band];
      if (!bucket.has(keys[band])) bucket.set(keys[band], slot);
    }
  }

  private grow(): void {
    const signatures = new Uint32Array(this.signatures.length * 2);
    signatures.set(this.signatures);
    this.signatures = signatures;
    const ids = new Float64Array(this.ids.length * 2);
    ids.set(this.ids);
    this.ids = ids;
  }
}

/** Whether `slot` is among the first `count` of `seen` (a loop: a subarray per band would allocate on every query). */
function compared(seen: Int32Array, count: number, slot: number): boolean {
  for (let i = 0; i < count; i++) if (seen[i] === slot) return true;
  return false;
}

/** Each band's ROWS values hashed to 30 bits (map keys stay small integers): the same for every index. */
export function bandKeys(sig: Signature): Int32Array {
  const keys = new Int32Array(BANDS);
  for (let band = 0; band < BANDS; band++) {
    let x = Math.imul(band + 1, 0x9e3779b1);
    for (let r = 0; r < ROWS; r++) x = Math.imul(x ^ sig[band * ROWS + r], 0x85ebca6b) ^ (x >>> 15);
    keys[band] = fmix32(x) & 0x3fffffff;
  }
  return keys;
}
