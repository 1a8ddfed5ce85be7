import { DgfError } from '../errors';

/**
 * Thrown to a block whose model call goes into this stage's batch: the unit stops here for now (it is not a
 * failure and is not recorded) and runs again once the batch has answered.
 */
export class BatchPending extends DgfError {
  constructor(readonly customId: string) {
    super('batch-pending', `Request ${customId} is waiting for its batch.`);
  }
}

/** The provider's Batch API refused or failed (upload, create, poll, download), with what it said. */
export class BatchApiError extends DgfError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('batch-api', message, options);
  }
}

/** One request of a batch came back as an error that another attempt will not change, or ran out of attempts. */
export class BatchRequestError extends DgfError {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super('batch-request', message);
  }
}
