import { parseUnitKey } from '../records/unitKeys';
import type { UnitResult } from '../records/unitResult';
import type { RecordDetail } from '../store/storeTypes';

/**
 * A stored record as the result that made it, to add it to another job: its output as generated (a review edit in
 * a shard's database is not carried over), metadata, trace, usage and error message.
 */
export function recordAsResult(record: RecordDetail): UnitResult {
  const unit = parseUnitKey(record.unitKey);
  const failed = record.status === 'failed';
  return {
    key: record.unitKey,
    seedIndex: record.seedIndex,
    ...(unit?.repetition !== undefined ? { repetition: unit.repetition } : {}),
    ...(unit?.chunkIndex !== undefined ? { chunkIndex: unit.chunkIndex } : {}),
    status: failed ? 'failed' : 'succeeded',
    metadata: record.metadata,
    output: failed ? null : (record.originalOutput ?? record.output),
    ...(failed ? { error: { message: record.error ?? 'Unknown error' } } : {}),
    trace: record.trace,
    usage: record.usage,
    startedAt: record.trace[0]?.started_at ?? record.createdAt,
    durationMs: record.durationMs,
  };
}
