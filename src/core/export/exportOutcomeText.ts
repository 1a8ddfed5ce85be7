// The words of an export's outcome that the CLI (stdout, stderr) and VS Code (message, "DataGenFlow Export" output)
// both show, written once so the two say the same.
import type { UnmappedRecord } from './unmappedList';

/** ` (train 8, validation 1, test 1)` for a Hugging Face folder's records per split; '' without splits. */
export function splitsText(splits: Record<string, number> | undefined): string {
  return splits ? ` (${Object.entries(splits).map(([name, n]) => `${name} ${n}`).join(', ')})` : '';
}

/** One line per listed unmapped record, with its reason, and how many more were left out unlisted. */
export function unmappedLines(result: { unmapped: readonly UnmappedRecord[]; unmappedCount: number }): string[] {
  const lines = result.unmapped.map((u) => `record #${u.recordId} (seed ${u.seedIndex + 1}, ${u.unitKey}): ${u.reason}`);
  if (result.unmappedCount > result.unmapped.length) lines.push(`… and ${result.unmappedCount - result.unmapped.length} more`);
  return lines;
}

/** What to do about unmapped records; `mappingSource` names where the mapping lives (the pipeline file, or the job's snapshot). */
export function unmappedFixHint(format: string, mappingSource: string): string {
  return `Fix the records in the Review panel, or the mapping under "exports.${format}" in ${mappingSource}.`;
}
