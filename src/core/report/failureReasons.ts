import type { FailureGroup } from './reportTypes';

const MAX_GROUPS = 200;
const MAX_REASON = 200;
const EXAMPLES = 3;
export const OTHER_REASONS = '(other reasons)';

/**
 * An error message with what differs between occurrences of the same failure blanked out: quoted text, ids,
 * numbers and URLs. `HTTP 500 for s3.r1 after 2012 ms` and `HTTP 500 for s7.r0 after 98 ms` read the same.
 */
export function normalizeReason(message: string): string {
  return message
    .replace(/https?:\/\/\S+/g, '<url>')
    .replace(/"[^"]*"|'[^']*'|`[^`]*`/g, '"…"')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>')
    .replace(/\bs\d+(?:\.[rc]\d+)*(?:\.r\d+)?\b/g, '<unit>')
    .replace(/\b(?:0x)?[0-9a-f]*\d[0-9a-f]*\b/gi, (m) => (/^\d+$/.test(m) || m.length >= 8 ? '#' : m))
    .replace(/\d+(?:\.\d+)?/g, '#')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_REASON);
}

/** Failed records grouped by normalized reason, with up to 3 example ids each; at most 200 groups (the rest pooled). */
export class FailureTally {
  private readonly groups = new Map<string, FailureGroup>();

  add(recordId: number, message: string | null): void {
    let reason = normalizeReason(message ?? '') || '(no error recorded)';
    if (!this.groups.has(reason) && this.groups.size >= MAX_GROUPS) reason = OTHER_REASONS;
    const group = this.groups.get(reason) ?? { reason, count: 0, examples: [] };
    group.count++;
    if (group.examples.length < EXAMPLES) group.examples.push(recordId);
    this.groups.set(reason, group);
  }

  /** Most frequent first. */
  result(): FailureGroup[] {
    return [...this.groups.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  }
}
