import { isJsonObject } from '../json/jsonPath';
import type { JobDetail } from '../store/storeTypes';

/** Where a job's export mappings were read from. */
export interface JobMappings {
  /** The `exports` value (undefined: none, every field guessed). */
  mappings: unknown;
  source: 'pipeline-file' | 'job-snapshot';
}

/**
 * The export mappings for a job: the pipeline file as it is now (the mapping is edited after the run, in the file),
 * or, when that file is gone or no longer a pipeline, the snapshot the job was run with. `text` is the file's text,
 * undefined when it could not be read.
 */
export function jobMappings(job: JobDetail, text: string | undefined): JobMappings {
  if (text !== undefined) {
    try {
      const value: unknown = JSON.parse(text);
      if (isJsonObject(value) && Array.isArray(value.blocks)) return { mappings: value.exports, source: 'pipeline-file' };
    } catch {
      // Not JSON any more: fall back to the snapshot.
    }
  }
  return { mappings: job.pipelineSnapshot.exports, source: 'job-snapshot' };
}
