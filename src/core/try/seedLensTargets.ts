import { parseSeeds } from '../seeds/parseSeeds';

/** Where a `▶ Try · Preview` lens goes in a seed file, and what it tries. 0-based line. */
export interface SeedLensTarget {
  line: number;
  seedIndex: number;
  /** A Markdown seed's heading: the try runs the chunk holding it. */
  heading?: string;
}

/** Lenses of a big seed file stop here: a lens per seed of 100,000 seeds helps nobody and costs the editor. */
export const MAX_SEED_LENSES = 2000;

/**
 * The seeds of a JSON seed file (above each usable seed object, by its index in the parsed list, as tries and
 * previews count them), or the headings of a Markdown seed (outside fenced code): the lines to put a lens on.
 */
export function seedLensTargets(text: string, fileName: string): SeedLensTarget[] {
  if (/\.(md|markdown)$/i.test(fileName)) return markdownHeadings(text);
  const { seeds, locate } = parseSeeds(text, fileName);
  const targets: SeedLensTarget[] = [];
  for (let i = 0; i < Math.min(seeds.length, MAX_SEED_LENSES); i++) {
    const range = locate.range(i);
    if (range) targets.push({ line: range.line - 1, seedIndex: i });
  }
  return targets;
}

function markdownHeadings(text: string): SeedLensTarget[] {
  const targets: SeedLensTarget[] = [];
  let fence: string | undefined;
  for (const [line, content] of text.split(/\r?\n/).entries()) {
    const fenceMark = /^\s{0,3}(`{3,}|~{3,})/.exec(content)?.[1];
    if (fenceMark) {
      if (fence === undefined) fence = fenceMark[0];
      else if (fenceMark[0] === fence) fence = undefined;
      continue;
    }
    if (fence === undefined && /^\s{0,3}#{1,6}\s+\S/.test(content) && targets.length < MAX_SEED_LENSES) targets.push({ line, seedIndex: 0, heading: content.trim() });
  }
  return targets;
}
