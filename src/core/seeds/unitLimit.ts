import { DgfError } from '../errors';

/**
 * Units (seed × repetition, or chunk) one job may have: a job is planned and tracked per unit, so a typo such as
 * `repetitions: 1e9` must be refused up front, never found out by running out of memory. The setting
 * `datagenflow.maxUnitsPerJob` changes it.
 */
export const DEFAULT_MAX_UNITS_PER_JOB = 1_000_000;

export const MAX_UNITS_SETTING = 'datagenflow.maxUnitsPerJob';

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** A job with more units than allowed, refused by the runner (verify reports the seed that goes over first). */
export class UnitLimitError extends DgfError {
  constructor(
    readonly units: number,
    readonly limit: number,
    what = 'seeds',
  ) {
    super(
      'too-many-units',
      `The job has ${units === Infinity ? 'too many' : formatCount(units)} units (${what}), more than the ${formatCount(limit)} a job may have ` +
        `(setting ${MAX_UNITS_SETTING}). Lower the repetitions or split the seed file, or raise the setting.`,
    );
  }
}
