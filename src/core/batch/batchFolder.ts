import { basename, dirname, join } from 'node:path';

/**
 * Where a database keeps its batch jobs' folders: beside it, under `batches/<database file name>/` (job ids are per
 * database), e.g. `.datagenflow/batches/datagenflow.db/job-3/`.
 */
export function batchJobsRoot(databasePath: string): string {
  return join(dirname(databasePath), 'batches', basename(databasePath));
}
