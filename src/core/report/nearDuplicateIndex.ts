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

  constructor(private readonly threshold = NEAR_DUPLICATE_THRESHOLD) {}

  get count(): number {
    return this.size;
  }

  /** The most similar indexed text at or above the threshold. */
  query(sig: Signature): NearMatch | undefined {
    let best: NearMatch | undefined;
    const seen = new Set<number>();
    for (let band = 0; band < BANDS; band++) {
      const slot = this.buckets[band].get(bandHash(sig, band));
      if (slot === undefined || seen.has(slot)) continue;
      seen.add(slot);
      const similarity = signatureSimilarity(sig, this.signatures, slot * HASHES);
      if (similarity >= this.threshold && (!best || similarity > best.similarity)) best = { id: this.ids[slot], similarity };
    }
    return best;
  }

  /** Indexes `sig` under `id` (in the buckets it is the first of). */
  add(id: number, sig: Signature): void {
    if (this.size === this.ids.length) this.grow();
    const slot = this.size++;
    this.signatures.set(sig, slot * HASHES);
    this.ids[slot] = id;
    for (let band = 0; band < BANDS; band++) {
      const key = bandHash(sig, band);
      if (!this.buckets[band].has(key)) this.buckets[band].set(key, slot);
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

/** 30 bits, so map keys stay small integers. */
function bandHash(sig: Signature, band: number): number {
  let x = band;
  for (let r = 0; r < ROWS; r++) x = fmix32(x ^ sig[band * ROWS + r]);
  return x & 0x3fffffff;
}
