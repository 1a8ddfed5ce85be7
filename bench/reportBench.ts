/**
 * `npm run bench:report`: the dataset report of a 100,000-record job. Builds the job in a temporary workspace
 * database through the real write path (realistic 1–3 KB outputs from storeBenchData; every 50th record repeats
 * the previous one's text exactly, every 40th nearly, every 100th refuses, every 30th failed), then runs the report
 * in a fresh child process and prints its time (wall and CPU) and the child's peak RSS. Asserts nothing.
 * Flags: --records N (default 100000), --keep (leave the files), --db <file> --job <id> (report an existing database).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UnitResult } from '../src/core/records/unitResult';
import { buildDatasetReport } from '../src/core/report/datasetReport';
import { openWorkspaceStore } from '../src/core/store/openWorkspaceStore';
import { mb } from './benchStats';
import { benchJob, benchResult } from './storeBenchData';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);

/** Unit n with the anomalies a real dataset has. */
function reportResult(n: number): UnitResult {
  const r = benchResult(n);
  if (n % 30 === 29) return { ...r, status: 'failed', output: null, error: { message: `Block answer (TextGenerator): HTTP 500 from http://localhost:11434/v1 after ${900 + (n % 17)} ms`, blockId: 'answer' } };
  const output = { ...(r.output as Record<string, unknown>) };
  if (n % 50 === 49) Object.assign(output, pick(benchResult(n - 1).output as Record<string, unknown>));
  else if (n % 40 === 39) {
    const previous = pick(benchResult(n - 1).output as Record<string, unknown>);
    Object.assign(output, previous, { assistant: `${String(previous.assistant)} Also worth noting.` });
  }
  if (n % 100 === 7) output.assistant = "I'm sorry, but I can't help with that request.";
  return { ...r, output };
}

/** The generated (non-seed) fields of an output. */
function pick(output: Record<string, unknown>): Record<string, unknown> {
  return { assistant: output.assistant, system: output.system, user: output.user, generated: output.generated };
}

async function build(path: string, records: number): Promise<number> {
  const opened = await openWorkspaceStore(path, 'report bench');
  const store = opened.store;
  const job = await store.createJob({ ...benchJob(records), metadata: { plan: { units: records, calls: records * 3, inputTokens: 0, outputTokens: 0, outputSource: 'none', costComplete: true, prices: { perKInput: 0.00015, perKOutput: 0.0006 } } } });
  const sink = store.recordSink(job.id);
  let next = 0;
  let written = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < records) {
        await sink.write(reportResult(next++));
        if (++written % 10_000 === 0) process.stdout.write(`\r  written ${written} / ${records}`);
      }
    }),
  );
  await store.finishJob(job.id, { status: 'completed', elapsedMs: Date.now() - started, usage: { input_tokens: 540 * records, output_tokens: 470 * records, cached_tokens: 32 * records }, total: records });
  await opened.close();
  process.stdout.write(`\r  written ${records} records in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return job.id;
}

/** In the child: open, report, print one JSON line of figures. */
async function reportInChild(path: string, jobId: number): Promise<void> {
  const openStarted = Date.now();
  const opened = await openWorkspaceStore(path, 'report bench', { readOnly: true });
  const openMs = Date.now() - openStarted;
  const before = process.memoryUsage().rss;
  const started = Date.now();
  const cpu = process.cpuUsage();
  const report = await buildDatasetReport(opened.store, jobId);
  const reportMs = Date.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const heapAfter = process.memoryUsage().heapUsed;
  await opened.close();
  const peak = process.resourceUsage().maxRSS * 1024;
  const d = report.duplicates;
  console.log(JSON.stringify({ openMs, reportMs, cpuMs, heapAfter, rssBefore: before, peak, records: report.records, failed: report.statuses.failed, exact: d.exact, near: d.near, refused: report.refusals.count, tokenSampled: report.textFields[0]?.tokens.sampled }));
}

async function main(): Promise<void> {
  if (args[0] === '--child') return reportInChild(args[1], Number(args[2]));
  const records = Number(option('--records') ?? 100_000);
  const dir = await mkdtemp(join(tmpdir(), 'dgf-report-bench-'));
  try {
    const existing = option('--db');
    const path = existing ?? join(dir, 'datagenflow.db');
    console.log(existing ? `report bench: ${existing}` : `report bench: ${records} records in ${dir}`);
    const jobId = existing ? Number(option('--job') ?? 1) : await build(path, records);
    const out = execFileSync(process.execPath, [__filename, '--child', path, String(jobId)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const f = JSON.parse(out.trim().split('\n').pop() as string) as Record<string, number>;
    console.log(`records read        ${f.records} (failed ${f.failed}, exact duplicates ${f.exact}, near duplicates ${f.near}, refused ${f.refused})`);
    console.log(`open database       ${(f.openMs / 1000).toFixed(2)} s (not part of the report)`);
    console.log(`report              ${(f.reportMs / 1000).toFixed(2)} s wall, ${(f.cpuMs / 1000).toFixed(2)} s CPU   (goal ≤ 10 s; tokens counted on ${f.tokenSampled} sampled values per field)`);
    console.log(`load average        ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores (other processes slow the wall time down)`);
    console.log(`peak RSS (child)    ${mb(f.peak)}   (RSS after opening the database: ${mb(f.rssBefore)}; JS heap in use after the report: ${mb(f.heapAfter)})`);
  } finally {
    if (args.includes('--keep')) console.log(`kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
