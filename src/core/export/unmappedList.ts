import type { RecordSummary } from '../store/storeTypes';

/** A record that could not be exported in the chosen format, and why. */
export interface UnmappedRecord {
  recordId: number;
  seedIndex: number;
  unitKey: string;
  reason: string;
}

/** The unmapped records of an export: every one counted, the first LIMIT kept with their reasons. */
export class UnmappedList {
  static readonly LIMIT = 1000;
  readonly items: UnmappedRecord[] = [];
  count = 0;

  add(record: RecordSummary, reason: string): void {
    this.count++;
    if (this.items.length < UnmappedList.LIMIT) this.items.push({ recordId: record.id, seedIndex: record.seedIndex, unitKey: record.unitKey, reason });
  }
}
