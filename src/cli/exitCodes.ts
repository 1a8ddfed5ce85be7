/** Exit codes of `datagenflow`, documented in --help and the README. */
export const EXIT = {
  ok: 0,
  couldNotRun: 1,
  usage: 2,
  unitsFailed: 3,
  stopped: 4,
  cancelled: 130,
} as const;

export class UsageError extends Error {}
