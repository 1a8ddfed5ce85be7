import { createHash } from 'node:crypto';
import type { SeedSource } from './seedTypes';

/** Characters hashed at a time: the UTF-8 copy of a 50 MB seed file's text is made 1M characters at a time. */
const CHUNK_CHARS = 1 << 20;

function sha256(text: string): string {
  const hash = createHash('sha256');
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + CHUNK_CHARS, text.length);
    // A surrogate pair split between two chunks would encode as two replacement characters: keep it whole.
    if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1])) end--;
    hash.update(text.slice(start, end));
    start = end;
  }
  return hash.digest('hex');
}

/**
 * The fingerprint a job keeps of its seeds, so resume and retry refuse seeds that changed: a file's is the hash of
 * its text (as jobs have always stored it); a folder's is the hash of its sorted (path, content hash) pairs, so
 * adding, removing, renaming or editing any of its Markdown files changes it.
 */
export function seedsHash(source: SeedSource): string {
  if (typeof source === 'string') return sha256(source);
  const pairs = source.documents.map((d) => `${JSON.stringify(d.path)} ${sha256(d.text)}`).sort();
  return sha256(`folder\n${pairs.join('\n')}\n`);
}
