/** Exit codes of `datagenflow`, documented in --help and the README. */
export const EXIT = {
  ok: 0,
  couldNotRun: 1,
  usage: 2,
  unitsFailed: 3,
  stopped: 4,
  /** export: some records could not be mapped to the format (listed on stderr); the others were written. */
  unmapped: 5,
  cancelled: 130,
} as const;

export class UsageError extends Error {}
