import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { exportDataset } from '../core/export/exportDataset';
import { EXPORT_FORMAT_INFO } from '../core/export/exportFormats';
import { splitsText, unmappedFixHint, unmappedLines } from '../core/export/exportOutcomeText';
import { jobMappings } from '../core/export/pipelineMappings';
import type { ExportArgs } from './args';
import { EXIT } from './exitCodes';
import { databaseLocation, databasePath, openStoreForCli } from './storeAccess';

/**
 * `datagenflow export --job <id> [--format f]`: the job's records in a training format, written atomically. Reads
 * only. The mapping comes from the pipeline file's `exports` (the job's snapshot when the file is gone). Records
 * that cannot be mapped are listed on stderr with the reason (exit 5); the others are written. The target is
 * never the database read nor the workspace's own (nor their journals and locks), and an existing file that is
 * not an earlier export is replaced only with --force.
 */
export async function exportCommand(args: ExportArgs, stdout: NodeJS.WriteStream, stderr: NodeJS.WriteStream): Promise<number> {
  const { path, explicit } = await databaseLocation(args.workspace, args.db);
  const own = explicit ? await databasePath(args.workspace, undefined).catch(() => path) : path;
  const opened = await openStoreForCli(path, stderr, true, explicit);
  try {
    const job = opened.store.getJob(args.job);
    if (!job) {
      stderr.write(`There is no job ${args.job} in ${path}. 'datagenflow jobs' lists the jobs.\n`);
      return EXIT.couldNotRun;
    }
    // resolve keeps an absolute path as it is and puts a relative one in the workspace.
    const pipelineFile = resolve(args.workspace, job.pipelinePath);
    const { mappings } = jobMappings(job, args.format === 'jsonl' ? undefined : await readFile(pipelineFile, 'utf8').catch(() => undefined));
    const result = await exportDataset(opened.store, {
      jobId: args.job,
      format: args.format,
      status: args.status,
      outPath: resolve(args.out),
      mappings,
      databases: [path, own],
      overwrite: args.force ? 'any' : 'previous-export',
    });
    stdout.write(`${result.count} record(s) of job ${args.job}${args.status ? ` (${args.status})` : ''} written as ${EXPORT_FORMAT_INFO[args.format].label} to ${result.path}${splitsText(result.splits)}\n`);
    if (result.unmappedCount === 0) return EXIT.ok;
    stderr.write(`${result.unmappedCount} record(s) could not be exported as ${args.format} and were left out:\n`);
    for (const line of unmappedLines(result)) stderr.write(`  ${line}\n`);
    stderr.write(`${unmappedFixHint(args.format, job.pipelinePath)}\n`);
    return EXIT.unmapped;
  } finally {
    await opened.close();
  }
}
