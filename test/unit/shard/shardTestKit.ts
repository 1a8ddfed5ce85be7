import { join } from 'node:path';
import { openWorkspaceStore } from '../../../src/core/store/openWorkspaceStore';
import type { JobRow } from '../../../src/core/store/storeTypes';
import { FakeOpenAiServer } from '../../fixtures/fakeOpenAiServer';
import { runCli, type CliResult } from '../cli/cliHarness';

/** A unit as the tests compare them across jobs: its status, output and error (ids and times differ). */
export interface UnitView {
  status: string;
  output: unknown;
  metadata: unknown;
  error: string | null;
}

/** Every record of a job by unit key, and the job row, read from a database (read-only). */
export async function jobUnits(dbPath: string, jobId: number): Promise<{ units: Map<string, UnitView>; job: JobRow | undefined; jobs: number }> {
  const opened = await openWorkspaceStore(dbPath, 'shard test reader', { readOnly: true });
  try {
    const units = new Map<string, UnitView>();
    for await (const r of opened.store.jobRecords(jobId)) {
      if (units.has(r.unitKey)) throw new Error(`unit ${r.unitKey} twice in job ${jobId} of ${dbPath}`);
      units.set(r.unitKey, { status: r.status, output: r.output, metadata: r.metadata, error: r.error });
    }
    return { units, job: opened.store.jobRow(jobId), jobs: opened.store.listJobs().length };
  } finally {
    await opened.close();
  }
}

/** 12 seeds of 1–3 repetitions; seed 5's topic makes the fake server fail, so failed units are merged too. */
export function shardSeedsFile(): { repetitions: number; metadata: { topic: string } }[] {
  return Array.from({ length: 12 }, (_, i) => ({ repetitions: (i % 3) + 1, metadata: { topic: i === 5 ? 'broken tea' : `topic ${i}` } }));
}

export const FAILING_TOPIC = 'broken tea';

/** The fake server answering deterministically (echo), with a 500 for every prompt about the failing topic. */
export function deterministicServer(latencyMs = 0): Promise<FakeOpenAiServer> {
  return FakeOpenAiServer.start({ latencyMs, faultFor: (req) => (req.messages.some((m) => m.content.includes(FAILING_TOPIC)) ? '500' : undefined) });
}

export function runArgs(server: FakeOpenAiServer, ...extra: string[]): string[] {
  return ['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl, '--retries', '0', '--concurrency', '3', ...extra];
}

export function shardDb(ws: string, i: number, n: number): string {
  return join(ws, '.datagenflow/shards', `p-${i}-of-${n}.db`);
}

export async function mergeCli(ws: string, ...args: string[]): Promise<CliResult> {
  return runCli(['merge', ...args], { cwd: ws });
}
