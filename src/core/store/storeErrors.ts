import { DgfError } from '../errors';

/** A job or record the caller named does not exist (deleted, or an id from another database). */
export class StoreNotFoundError extends DgfError {
  constructor(
    readonly kind: 'job' | 'record',
    readonly id: number,
  ) {
    super(`store-${kind}-not-found`, `${kind === 'job' ? 'Job' : 'Record'} ${id} is not in the workspace database: it may have been deleted. Refresh the view and try again.`);
  }
}

/** A review action that the rules forbid (accepting a failed execution, editing metadata, mixing jobs). */
export class ReviewRuleError extends DgfError {
  constructor(code: string, message: string) {
    super(`review-${code}`, message);
  }
}

/** A job-level change the current job state forbids (deleting a running job, finishing a finished one). */
export class JobStateError extends DgfError {
  constructor(code: string, message: string) {
    super(`job-${code}`, message);
  }
}

/** Model settings about to be stored contain what looks like a credential: keys never go into the database. */
export class SecretInSettingsError extends DgfError {
  constructor(readonly path: string) {
    super('store-secret-in-settings', `Model settings field '${path}' looks like a credential; API keys are never stored in the workspace database. Pass only model names, URLs and options (keys come from the key store).`);
  }
}

/** An export could not be written; nothing was left at the target path. */
export class ExportError extends DgfError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('export-failed', message, options);
  }
}

/** A record's trace was stored in a format this version does not know (a newer version wrote it). */
export class TraceFormatError extends DgfError {
  constructor(readonly formatByte: number) {
    super('store-trace-format', `A record's trace is stored in an unknown format (leading byte 0x${formatByte.toString(16).padStart(2, '0')}): a newer version of DataGenFlow wrote it. Update DataGenFlow to view it.`);
  }
}

/** A record's payload is not where the database points (its segment file was removed or cut short outside DataGenFlow). */
export class PayloadMissingError extends DgfError {
  constructor(
    readonly jobId: number,
    readonly segment: number,
    readonly offset: number,
    readonly length: number,
  ) {
    super('store-payload-missing', `Record data of job ${jobId} is missing (segment ${segment}, ${length} bytes at ${offset}): a file under the database's -records folder was removed or truncated.`);
  }
}
