/**
 * The candidate a mistyped name most likely meant ("temprature" → "temperature", "textgenerator" →
 * "TextGenerator"), or undefined when none is close enough to suggest.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    const distance = other === lower ? 0 : editDistance(lower, other);
    const prefix = lower.length >= 4 && (other.startsWith(lower) || lower.startsWith(other));
    const limit = Math.max(2, Math.floor(Math.min(lower.length, other.length) / 4));
    if ((distance <= limit || prefix) && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
