/**
 * The store's share of the user's path, alone: `records` results (storeBenchData's realistic records: ~2 KB of
 * accumulated state, a three-block trace) written through openWorkspaceStore → recordSink with 32 in flight, as the
 * runner does (--in-flight 1 shows the cost of a group commit of one: the user path at 50 ms commits ~2 per group). Prints CPU per record (all threads) over several rounds; the median is the figure. Run with
 * `node esbuild.mjs --only=bench && node dist/bench/userPathStoreBench.js [--records N] [--rounds N] [--in-flight N] [--profile]`
 * (--profile: one more round, profiled, its top functions printed).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWorkspaceStore } from '../src/core/store/openWorkspaceStore';
import { startCpuProfile } from './cpuProfileStages';
import { benchJob, benchResult } from './storeBenchData';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const RECORDS = flag('--records', 4000);
const ROUNDS = flag('--rounds', 5);
const IN_FLIGHT = flag('--in-flight', 32);
const PROFILE = args.includes('--profile');

async function round(profile = false): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'dgf-storecpu-'));
  try {
    const opened = await openWorkspaceStore(join(dir, 'datagenflow.db'), 'userPathStoreBench');
    const job = await opened.store.createJob(benchJob(RECORDS));
    const sink = opened.store.recordSink(job.id);
    const results = Array.from({ length: RECORDS }, (_, n) => benchResult(n));
    let next = 0;
    const stop = profile ? await startCpuProfile() : undefined;
    const cpu0 = process.cpuUsage();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < RECORDS) await sink.write(results[next++]);
      }),
    );
    const cpu = process.cpuUsage(cpu0);
    const summary = await stop?.();
    if (summary) {
      const share = (ms: number) => `${((100 * ms) / summary.activeMs).toFixed(1)} %`;
      console.log('top functions by self time (share of samples):');
      for (const [fn, ms] of summary.byFunction.slice(0, 30)) console.log(`  ${fn.padEnd(70)} ${share(ms)}`);
    }
    await opened.close();
    return (cpu.user + cpu.system) / 1000 / RECORDS;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main() {
  const figures: number[] = [];
  for (let i = 0; i < ROUNDS; i++) figures.push(await round());
  if (PROFILE) await round(true);
  const sorted = [...figures].sort((a, b) => a - b);
  console.log(`store write CPU per record (${RECORDS} records, ${IN_FLIGHT} in flight): median ${sorted[Math.floor(sorted.length / 2)].toFixed(3)} ms; rounds ${figures.map((f) => f.toFixed(3)).join(', ')}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
