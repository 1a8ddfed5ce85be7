import type { JobsArgs } from './args';
import { EXIT } from './exitCodes';
import { databaseLocation, openStoreForCli } from './storeAccess';

/** `datagenflow jobs`: every job with its totals, newest first. Reads only, so it works while a job runs elsewhere. */
export async function jobsCommand(args: JobsArgs, stdout: NodeJS.WriteStream, stderr: NodeJS.WriteStream): Promise<number> {
  const { path, explicit } = await databaseLocation(args.workspace, args.db);
  const opened = await openStoreForCli(path, stderr, true, explicit);
  try {
    const jobs = opened.store.listJobs();
    if (args.json) {
      stdout.write(`${JSON.stringify(jobs)}\n`);
      return EXIT.ok;
    }
    if (jobs.length === 0) {
      stdout.write(`No jobs in ${path} yet. Start one with: datagenflow run <pipeline.dgf.json> --seeds <file>\n`);
      return EXIT.ok;
    }
    const rows = jobs.map((j) => [
      String(j.id),
      j.status,
      `${j.generated}/${j.total}`,
      String(j.failed),
      String(j.usage.input_tokens + j.usage.output_tokens + j.usage.cached_tokens),
      j.startedAt.replace('T', ' ').slice(0, 19),
      j.pipelineName,
    ]);
    const header = ['JOB', 'STATUS', 'GENERATED', 'FAILED', 'TOKENS', 'STARTED', 'PIPELINE'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    for (const row of [header, ...rows]) stdout.write(`${row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]))).join('  ')}\n`);
    return EXIT.ok;
  } finally {
    await opened.close();
  }
}
