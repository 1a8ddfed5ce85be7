import { resolve } from 'node:path';
import { exportJsonl } from '../core/store/exportJsonl';
import type { ExportArgs } from './args';
import { EXIT } from './exitCodes';
import { databaseLocation, databasePath, openStoreForCli } from './storeAccess';

/**
 * `datagenflow export --job <id>`: the job's records as JSONL, written atomically. Reads only. The target is never
 * the database read nor the workspace's own (nor their journals and locks), and an existing file that is not an
 * earlier export is replaced only with --force.
 */
export async function exportCommand(args: ExportArgs, stdout: NodeJS.WriteStream, stderr: NodeJS.WriteStream): Promise<number> {
  const { path, explicit } = await databaseLocation(args.workspace, args.db);
  const own = explicit ? await databasePath(args.workspace, undefined).catch(() => path) : path;
  const opened = await openStoreForCli(path, stderr, true, explicit);
  try {
    if (!opened.store.getJob(args.job)) {
      stderr.write(`There is no job ${args.job} in ${path}. 'datagenflow jobs' lists the jobs.\n`);
      return EXIT.couldNotRun;
    }
    const result = await exportJsonl(opened.store, {
      jobId: args.job,
      status: args.status,
      outPath: resolve(args.out),
      databases: [path, own],
      overwrite: args.force ? 'any' : 'previous-export',
    });
    stdout.write(`${result.count} record(s) of job ${args.job}${args.status ? ` (${args.status})` : ''} written to ${result.path}\n`);
    return EXIT.ok;
  } finally {
    await opened.close();
  }
}
