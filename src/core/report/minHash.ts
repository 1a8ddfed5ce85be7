/**
 * MinHash signatures of texts over word shingles, for near-duplicate detection without an embedding model.
 *
 * Words: the lower-cased text (per UTF-16 code unit) cut at every character that is not a letter or digit (any non-ASCII character other
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

/** What one pass over a text gives: its MinHash signature and a hash of its word sequence. */
export interface TextFingerprint {
  /** Undefined when the text has no word. */
  signature?: Signature;
  /**
   * 52 bits identifying the sequence of words (two independent 32-bit hashes of each word, chained): equal for
   * texts that differ only in case, punctuation and spacing. The key of exact-duplicate detection.
   */
  words: number;
}

/** The signature of `text`, or undefined when it has no word. */
export function minHashSignature(text: string): Signature | undefined {
  return textFingerprint(text).signature;
}

export function textFingerprint(text: string): TextFingerprint {
  const sig = new Uint32Array(HASHES).fill(EMPTY);
  // The hashes of the last three words (SHINGLE_WORDS), oldest first.
  let w1 = 0;
  let w2 = 0;
  let words = 0;
  let h = 0x811c9dc5;
  let g = 0x01000193;
  let seq1 = 0x12345678;
  let seq2 = 0x9abcdef0;
  let inWord = false;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    // Lower-cased here, not with toLowerCase(): that would copy every text once more.
    let c = i < n ? text.charCodeAt(i) : 32;
    if (c < 128) {
      if (c >= 65 && c <= 90) c += 32;
    } else c = lowerNonAscii(c);
    const word = c < 128 ? (c >= 97 && c <= 122) || (c >= 48 && c <= 57) : isNonAsciiWordChar(c);
    if (word) {
      if (!inWord) {
        inWord = true;
        h = 0x811c9dc5;
        g = 0x01000193;
      }
      h = Math.imul(h ^ c, 0x01000193);
      g = Math.imul(g + c, 0x2c1b3c6d) ^ (g >>> 11);
    } else if (inWord) {
      inWord = false;
      words++;
      seq1 = fmix32(seq1 ^ h) + words;
      seq2 = fmix32(seq2 ^ g) ^ words;
      if (words >= SHINGLE_WORDS) addShingle(sig, shingleHash(shingleHash(shingleHash(0x9747b28c, w1), w2), h));
      w1 = w2;
      w2 = h;
    }
  }
  const sequence = (seq1 >>> 0) * 0x100000 + ((seq2 >>> 0) & 0xfffff);
  if (words === 0) return { words: sequence };
  // Fewer words than a shingle: the words there are make the one shingle.
  if (words < SHINGLE_WORDS) addShingle(sig, words === 1 ? shingleHash(0x9747b28c, w2) : shingleHash(shingleHash(0x9747b28c, w1), w2));
  densify(sig);
  return { signature: sig, words: sequence };
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

/** Lower-case forms of UTF-16 code units, computed once each (a single code unit when the lower case is one). */
const LOWER = new Int32Array(65536).fill(-1);

function lowerNonAscii(c: number): number {
  let l = LOWER[c];
  if (l < 0) {
    const lower = String.fromCharCode(c).toLowerCase();
    l = lower.length === 1 ? lower.charCodeAt(0) : c;
    LOWER[c] = l;
  }
  return l;
}

/** Letters of every script count; the common spaces and punctuation do not. */
function isNonAsciiWordChar(c: number): boolean {
  return !(c === 0xa0 || (c >= 0x2000 && c <= 0x206f) || c === 0x3000 || c === 0x3001 || c === 0x3002 || c === 0xfeff);
}
