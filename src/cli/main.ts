import { parseCliArgs } from './args';
import { blocksCommand } from './blocksCommand';
import { cacheCommand } from './cacheCommand';
import { EXIT, UsageError } from './exitCodes';
import { exitWith } from './exitGuard';
import { InputFileError } from './loadInputs';
import { exportCommand } from './exportCommand';
import { fileErrorMessage } from './fileErrorMessage';
import { jobsCommand } from './jobsCommand';
import { mergeCommand } from './mergeCommand';
import { rerunCommand } from './rerunCommand';
import { resumeCommand } from './resumeCommand';
import { runCommand } from './runCommand';
import { newCommand, templatesCommand } from './templatesCommand';
import { planCommand } from './planCommand';
import { parseReportArgs } from './reportArgs';
import { compareCommand, reportCommand } from './reportCommand';
import { tryCommand } from './tryCommand';
import { USAGE } from './usage';
import { verifyCommand } from './verifyCommand';
import { DgfError } from '../core/errors';

declare const CLI_VERSION: string | undefined;

/** Entry of the `datagenflow` binary: parse, dispatch, and turn typed errors into messages and exit codes. */
export async function main(argv: string[]): Promise<number> {
  const interrupt = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write('\nCancelling… (finished records are kept; press Ctrl+C again to quit at once)\n');
      interrupt.abort();
    } else {
      process.exit(EXIT.cancelled);
    }
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const io = { stdout: process.stdout, stderr: process.stderr, interrupt: interrupt.signal };
  try {
    // report and compare parse their own options (compare takes --job twice).
    const reportArgs = parseReportArgs(argv);
    if (reportArgs) return reportArgs.command === 'report' ? await reportCommand(reportArgs, io) : await compareCommand(reportArgs, io);
    const args = parseCliArgs(argv);
    switch (args.command) {
      case 'help':
        process.stdout.write(USAGE);
        return EXIT.ok;
      case 'version':
        process.stdout.write(`${typeof CLI_VERSION === 'string' ? CLI_VERSION : 'dev'}\n`);
        return EXIT.ok;
      case 'verify':
        return await verifyCommand(args, process.stdout);
      case 'run':
        return await runCommand(args, io);
      case 'merge':
        return await mergeCommand(args, process.stdout, process.stderr);
      case 'plan':
        return await planCommand(args, io);
      case 'try':
        return await tryCommand(args, io);
      case 'rerun':
        return await rerunCommand(args, io);
      case 'cache':
        return await cacheCommand(args, process.stdout);
      case 'resume':
      case 'retry':
        return await resumeCommand(args, io);
      case 'jobs':
        return await jobsCommand(args, process.stdout, process.stderr);
      case 'export':
        return await exportCommand(args, process.stdout, process.stderr);
      case 'blocks':
        return await blocksCommand(args, process.stdout);
      case 'templates':
        return await templatesCommand(args, process.stdout);
      case 'new':
        return await newCommand(args, process.stdout);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`datagenflow: ${e.message}\nRun 'datagenflow --help' for usage.\n`);
      return EXIT.usage;
    }
    if (e instanceof InputFileError || e instanceof DgfError) {
      process.stderr.write(`datagenflow: ${e.message}\n`);
      return EXIT.couldNotRun;
    }
    // A path the user gave that cannot be used is their input, not our bug: one line, no stack.
    const fileProblem = fileErrorMessage(e);
    if (fileProblem !== undefined) {
      process.stderr.write(`datagenflow: ${fileProblem}\n`);
      return EXIT.couldNotRun;
    }
    process.stderr.write(`datagenflow: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT.couldNotRun;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}

if (require.main === module) {
  // `datagenflow jobs | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  exitWith(main(process.argv.slice(2)), process);
}
