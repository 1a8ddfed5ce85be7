import { EXIT } from './exitCodes';

/**
 * Runs the CLI's main promise to the process exit code. Node exits with 0 when its event loop empties, even while an
 * awaited promise can never settle (something awaited on a worker or socket nothing keeps alive): for a run, that
 * would be a "success" with its job left `running`. Until `main` settles, the exit code is a failure and an exit
 * says why, so a script or CI step never mistakes it for a finished run.
 */
export function exitWith(main: Promise<number>, proc: Pick<NodeJS.Process, 'once' | 'stderr'> & { exitCode?: number | string | null | undefined }): void {
  let settled = false;
  proc.exitCode = EXIT.couldNotRun;
  proc.once('beforeExit', () => {
    if (settled) return;
    proc.stderr.write(
      'datagenflow: internal error: the command stopped while still waiting for work that can never finish. ' +
        "A run's job is left 'running' with the records it stored: 'datagenflow resume <job id>' continues it. " +
        'Please report this with the command you ran.\n',
    );
  });
  main.then(
    (code) => {
      settled = true;
      proc.exitCode = code;
    },
    (error: unknown) => {
      settled = true;
      proc.stderr.write(`datagenflow: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      proc.exitCode = EXIT.couldNotRun;
    },
  );
}
