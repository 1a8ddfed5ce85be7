import { DgfError } from '../errors';

export class ReportJobNotFoundError extends DgfError {
  constructor(readonly jobId: number) {
    super('job-not-found', `There is no job ${jobId} in this database. 'datagenflow jobs' lists the jobs.`);
  }
}

/** Compare needs two jobs over the same seeds: units are matched by key, which only means something then. */
export class CompareSeedsMismatchError extends DgfError {
  constructor(message: string) {
    super('compare-seeds-mismatch', message);
  }
}
