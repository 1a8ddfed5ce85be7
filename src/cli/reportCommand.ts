import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { buildDatasetReport } from '../core/report/datasetReport';
import { compareJobs } from '../core/report/compareJobs';
import { reportHtml } from '../core/report/reportHtml';
import type { ReportProgress } from '../core/report/reportTypes';
import { compareText, reportText } from '../core/report/reportText';
import { settingsPrices } from '../core/report/settingsPrices';
import type { JobDetail } from '../core/store/storeTypes';
import { count } from '../shared/reportFormat';
import { EXIT } from './exitCodes';
import type { CompareArgs, ReportArgs } from './reportArgs';
import { databaseLocation, openStoreForCli } from './storeAccess';
import { loadSettings } from './workspaceSettings';

interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  interrupt: AbortSignal;
}

/** `datagenflow report --job <id>`: the job's dataset report as text, JSON or a standalone HTML page. Reads only. */
export async function reportCommand(args: ReportArgs, io: Io): Promise<number> {
  const { path, explicit } = await databaseLocation(args.workspace, args.db);
  const opened = await openStoreForCli(path, io.stderr, true, explicit);
  try {
    const job = opened.store.getJob(args.job);
    if (!job) {
      io.stderr.write(`There is no job ${args.job} in ${path}. 'datagenflow jobs' lists the jobs.\n`);
      return EXIT.couldNotRun;
    }
    const prices = await pricesFor(args.workspace, job);
    const report = await buildDatasetReport(opened.store, args.job, { signal: io.interrupt, onProgress: progress(io.stderr, `job ${args.job}`), ...(prices ? { prices } : {}) });
    const text = args.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : args.format === 'html' ? reportHtml(report) : reportText(report);
    return await emit(text, args.out, io, `Report of job ${args.job}`);
  } finally {
    await opened.close();
  }
}

/** `datagenflow compare --job a --job b`: unit by unit, ranked on --metric (default: the first number both have). */
export async function compareCommand(args: CompareArgs, io: Io): Promise<number> {
  const { path, explicit } = await databaseLocation(args.workspace, args.db);
  const opened = await openStoreForCli(path, io.stderr, true, explicit);
  try {
    const comparison = await compareJobs(opened.store, args.jobs[0], args.jobs[1], { signal: io.interrupt, onProgress: progress(io.stderr, `jobs ${args.jobs[0]} and ${args.jobs[1]}`), ...(args.metric !== undefined ? { metric: args.metric } : {}) });
    if (args.metric !== undefined && !comparison.metrics.includes(args.metric)) {
      io.stderr.write(`Jobs ${args.jobs[0]} and ${args.jobs[1]} have no numeric field '${args.metric}' in common${comparison.metrics.length ? ` (they have: ${comparison.metrics.join(', ')})` : ''}.\n`);
      return EXIT.couldNotRun;
    }
    return await emit(args.json ? `${JSON.stringify(comparison, null, 2)}\n` : compareText(comparison), args.out, io, `Comparison of jobs ${args.jobs[0]} and ${args.jobs[1]}`);
  } finally {
    await opened.close();
  }
}

async function emit(text: string, out: string | undefined, io: Io, what: string): Promise<number> {
  if (out === undefined) {
    io.stdout.write(text);
    return EXIT.ok;
  }
  await writeFile(resolve(out), text, 'utf8');
  io.stderr.write(`${what} written to ${resolve(out)}\n`);
  return EXIT.ok;
}

/** Progress on a terminal only (a redirected stderr gets no carriage-return noise). */
function progress(stderr: NodeJS.WriteStream, what: string): (p: ReportProgress) => void {
  return (p) => {
    if (stderr.isTTY) stderr.write(`\rScanning ${what}: ${count(p.done)} / ${count(p.total)} records${p.done >= p.total ? '\n' : ''}`);
  };
}

async function pricesFor(workspace: string, job: JobDetail): Promise<{ perKInput: number; perKOutput: number } | undefined> {
  const settings = await loadSettings(workspace).catch(() => undefined);
  return settings && settingsPrices(settings, job.modelSettings);
}
