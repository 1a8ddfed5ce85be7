import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { mergeShards, type MergeReport } from '../core/shard/mergeShards';
import type { ShardSource } from '../core/shard/shardInputs';
import type { OpenedStore } from '../core/store/openWorkspaceStore';
import type { MergeArgs } from './args';
import { EXIT, UsageError } from './exitCodes';
import { databaseLocation, openStoreForCli } from './storeAccess';

/**
 * `datagenflow merge <db-or-folder>… [--into <db>]`: the shards of one job (each database read only, never
 * changed) into one job of the workspace database (or --into), which can then be reviewed, exported and resumed.
 */
export async function mergeCommand(args: MergeArgs, stdout: NodeJS.WriteStream, stderr: NodeJS.WriteStream): Promise<number> {
  const { path: into, explicit } = await databaseLocation(args.workspace, args.into);
  const files = await shardFiles(args.sources, into);
  const opened: OpenedStore[] = [];
  try {
    const sources: ShardSource[] = [];
    for (const file of files) {
      // `true, true`: read-only, and a file that is not a DataGenFlow database is refused untouched.
      const shard = await openStoreForCli(file.path, stderr, true, true);
      opened.push(shard);
      sources.push({ path: file.shown, store: shard.store });
    }
    const target = await openStoreForCli(into, stderr, false, explicit);
    opened.push(target);
    if (target.readOnly) {
      stderr.write('Nothing merged: give --into <db> to merge into another database while this one is in use.\n');
      return EXIT.couldNotRun;
    }
    const report = await mergeShards(target.store, sources);
    if (args.json) stdout.write(`${JSON.stringify(report)}\n`);
    else stdout.write(describeMerge(report, into, args.into === undefined ? '' : ` --db ${args.into}`));
    return report.missingUnits === 0 && report.missingShards.length === 0 && report.job.failed === 0 ? EXIT.ok : EXIT.unitsFailed;
  } finally {
    for (const store of opened.reverse()) await store.close();
  }
}

/** The databases named, a folder standing for every `*.db` file directly in it; the target itself is never one. */
async function shardFiles(sources: readonly string[], into: string): Promise<{ path: string; shown: string }[]> {
  const files: { path: string; shown: string }[] = [];
  for (const source of sources) {
    const path = resolve(source);
    const info = await stat(path); // a missing path ends here, named by the error
    if (!info.isDirectory()) {
      files.push({ path, shown: source });
      continue;
    }
    const names = (await readdir(path, { withFileTypes: true })).filter((e) => e.isFile() && e.name.endsWith('.db')).map((e) => e.name).sort();
    const inFolder = names.map((name) => ({ path: join(path, name), shown: join(source, name) })).filter((f) => f.path !== into);
    if (inFolder.length === 0) throw new UsageError(`${source} holds no shard database (*.db)`);
    files.push(...inFolder);
  }
  const unique = files.filter((f, i) => files.findIndex((g) => g.path === f.path) === i);
  const self = unique.find((f) => f.path === into);
  if (self) throw new UsageError(`${self.shown} is the database merged into: name the shard databases, or give --into <db>`);
  return unique;
}

function describeMerge(report: MergeReport, into: string, dbFlag: string): string {
  const { job } = report;
  const lines = [`${report.created ? 'Merged into new' : 'Merged into'} job ${job.id} (${job.pipelineName}) of ${into}${report.unchanged ? ': nothing new, the job already had every record of these shards' : ''}`];
  const width = Math.max(...report.shards.map((s) => s.path.length));
  for (const s of report.shards) {
    const missing = s.missing > 0 ? `; ${s.missing} unit(s) of this shard have no record (${s.status})` : s.status === 'completed' ? '' : ` (${s.status})`;
    lines.push(`  shard ${s.label.padEnd(7)} ${s.path.padEnd(width)}  ${s.records} record(s), ${s.added} new${missing}`);
  }
  const missingUnits = report.missingUnits === undefined ? 'an unknown number (its multiplier has not run on the missing shards)' : String(report.missingUnits);
  lines.push(`Job ${job.id}: ${job.generated} succeeded, ${job.failed} failed of ${job.total} unit(s); missing: ${missingUnits}.`);
  if (report.missingShards.length > 0) lines.push(`Shard(s) not merged yet: ${report.missingShards.join(', ')}.`);
  if (job.status !== 'completed') lines.push(`Run the missing units with: datagenflow resume --job ${job.id}${dbFlag} (or Resume in the DataGenFlow Jobs view), or merge the missing shards.`);
  if (job.failed > 0) lines.push(`Run the failed units again with: datagenflow retry --job ${job.id}${dbFlag}`);
  lines.push(`Review it in VS Code: DataGenFlow Jobs view → job ${job.id} → Review.`);
  return `${lines.join('\n')}\n`;
}
