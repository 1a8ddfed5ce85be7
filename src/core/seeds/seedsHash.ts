import { createHash } from 'node:crypto';
import type { SeedSource } from './seedTypes';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

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
