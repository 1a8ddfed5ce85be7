/**
 * Python difflib's `SequenceMatcher(None, a, b).ratio()`, ported: the reference's DiversityScore is defined by it.
 * (The npm `difflib` port assigns to functions' read-only `name`, which throws in our strict-mode bundles.)
 * Elements are compared with ===; strings are split into code points, like Python's str.
 */
export function sequenceRatio(a: readonly string[] | string, b: readonly string[] | string): number {
  const left = typeof a === 'string' ? Array.from(a) : a;
  const right = typeof b === 'string' ? Array.from(b) : b;
  const total = left.length + right.length;
  if (total === 0) return 1;
  return (2 * matchingCharacters(left, right)) / total;
}

function matchingCharacters(a: readonly string[], b: readonly string[]): number {
  const b2j = indexOf(b);
  let matches = 0;
  const queue: [number, number, number, number][] = [[0, a.length, 0, b.length]];
  while (queue.length > 0) {
    const [alo, ahi, blo, bhi] = queue.pop() as [number, number, number, number];
    const [i, j, k] = longestMatch(a, b, b2j, alo, ahi, blo, bhi);
    if (k === 0) continue;
    matches += k;
    if (alo < i && blo < j) queue.push([alo, i, blo, j]);
    if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
  }
  return matches;
}

/** Positions of each element in b, without "popular" elements when b has 200+ items (Python's autojunk). */
function indexOf(b: readonly string[]): Map<string, number[]> {
  const b2j = new Map<string, number[]>();
  b.forEach((element, j) => {
    const list = b2j.get(element);
    if (list) list.push(j);
    else b2j.set(element, [j]);
  });
  if (b.length >= 200) {
    const limit = Math.floor(b.length / 100) + 1;
    for (const [element, positions] of b2j) if (positions.length > limit) b2j.delete(element);
  }
  return b2j;
}

/** find_longest_match: the longest block a[i:i+k] == b[j:j+k] in the ranges, earliest in a, then in b. */
function longestMatch(
  a: readonly string[],
  b: readonly string[],
  b2j: Map<string, number[]>,
  alo: number,
  ahi: number,
  blo: number,
  bhi: number,
): [number, number, number] {
  let besti = alo;
  let bestj = blo;
  let bestsize = 0;
  let j2len = new Map<number, number>();
  for (let i = alo; i < ahi; i++) {
    const next = new Map<number, number>();
    for (const j of b2j.get(a[i]) ?? []) {
      if (j < blo) continue;
      if (j >= bhi) break;
      const k = (j2len.get(j - 1) ?? 0) + 1;
      next.set(j, k);
      if (k > bestsize) {
        besti = i - k + 1;
        bestj = j - k + 1;
        bestsize = k;
      }
    }
    j2len = next;
  }
  // Popular elements cannot start a match but may extend one (there is no junk without an isjunk function).
  while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) {
    besti--;
    bestj--;
    bestsize++;
  }
  while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) bestsize++;
  return [besti, bestj, bestsize];
}
