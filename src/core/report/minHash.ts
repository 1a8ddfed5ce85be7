/**
 * MinHash signatures of texts over word shingles, for near-duplicate detection without an embedding model.
 *
 * Words: the lower-cased text cut at every character that is not a letter or digit (any non-ASCII character other
 * than a space counts as a letter). Shingles: every run of SHINGLE_WORDS consecutive words (a shorter text is one
 * shingle). Each shingle is hashed once (FNV-1a of its words, mixed with MurmurHash3's finalizer), and the
 * signature is a one-permutation MinHash (Li, Owen & Zhang, NeurIPS 2012): the hash's top 6 bits pick one of
 * HASHES bins and each bin keeps the smallest remaining value; empty bins borrow from the next non-empty bin with
 * an offset (rotation densification, Shrivastava & Li, ICML 2014). The share of equal bins of two signatures
 * estimates the Jaccard similarity of their shingle sets. One pass over the text, one hash per shingle: the cost
 * does not grow with the number of hash functions.
 */
export const SHINGLE_WORDS = 3;
export const HASHES = 64;
const BIN_BITS = 6; // 2^6 = HASHES bins
const VALUE_BITS = 32 - BIN_BITS;
const VALUE_MASK = (1 << VALUE_BITS) - 1;
const EMPTY = 0xffffffff;

export type Signature = Uint32Array;

/** The signature of `text`, or undefined when it has no word. */
export function minHashSignature(text: string): Signature | undefined {
  const lower = text.toLowerCase();
  const sig = new Uint32Array(HASHES).fill(EMPTY);
  // The hashes of the last three words (SHINGLE_WORDS), oldest first.
  let w1 = 0;
  let w2 = 0;
  let words = 0;
  let h = 0x811c9dc5;
  let inWord = false;
  const n = lower.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? lower.charCodeAt(i) : 32;
    const word = c < 128 ? (c >= 97 && c <= 122) || (c >= 48 && c <= 57) : isNonAsciiWordChar(c);
    if (word) {
      if (!inWord) {
        inWord = true;
        h = 0x811c9dc5;
      }
      h = Math.imul(h ^ c, 0x01000193);
    } else if (inWord) {
      inWord = false;
      words++;
      if (words >= SHINGLE_WORDS) addShingle(sig, shingleHash(shingleHash(shingleHash(0x9747b28c, w1), w2), h));
      w1 = w2;
      w2 = h;
    }
  }
  if (words === 0) return undefined;
  // Fewer words than a shingle: the words there are make the one shingle.
  if (words < SHINGLE_WORDS) addShingle(sig, words === 1 ? shingleHash(0x9747b28c, w2) : shingleHash(shingleHash(0x9747b28c, w1), w2));
  densify(sig);
  return sig;
}

/** Estimated Jaccard similarity: the share of equal bins. */
export function signatureSimilarity(a: ArrayLike<number>, b: ArrayLike<number>, bOffset = 0, aOffset = 0): number {
  let equal = 0;
  for (let i = 0; i < HASHES; i++) if (a[aOffset + i] === b[bOffset + i]) equal++;
  return equal / HASHES;
}

function shingleHash(x: number, word: number): number {
  return Math.imul(x ^ word, 0x5bd1e995) ^ (x >>> 13);
}

function addShingle(sig: Signature, shingle: number): void {
  const hash = fmix32(shingle);
  const bin = hash >>> VALUE_BITS;
  const value = hash & VALUE_MASK;
  if (value < sig[bin]) sig[bin] = value;
}

/** Rotation: an empty bin takes the value of the next non-empty bin to its right, plus its distance times 2^26. */
function densify(sig: Signature): void {
  const source = sig.slice();
  for (let j = 0; j < HASHES; j++) {
    if (source[j] !== EMPTY) continue;
    for (let t = 1; t < HASHES; t++) {
      const v = source[(j + t) % HASHES];
      if (v !== EMPTY) {
        sig[j] = (v + t * (VALUE_MASK + 1)) >>> 0;
        break;
      }
    }
  }
}

/** MurmurHash3's 32-bit finalizer: every input bit affects every output bit. */
export function fmix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Letters of every script count; the common spaces and punctuation do not. */
function isNonAsciiWordChar(c: number): boolean {
  return !(c === 0xa0 || (c >= 0x2000 && c <= 0x206f) || c === 0x3000 || c === 0x3001 || c === 0x3002 || c === 0xfeff);
}
