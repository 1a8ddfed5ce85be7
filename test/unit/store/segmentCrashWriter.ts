// Child process of segmentCrash.test.ts: writes records of job 1 (created on the first run, resumed after) through
// WorkspaceStore with payloads in segment files and a small snapshot threshold, until it is killed. Prints `ready`,
// then `ack <unit key>` once each record's write has resolved (durable).
import { DurableDatabase } from '../../../src/core/store/durableDatabase';
import { STORE_MIGRATIONS } from '../../../src/core/store/migrations';
import { recordsFolder } from '../../../src/core/store/openWorkspaceStore';
import { SegmentStore } from '../../../src/core/store/payload/segmentStore';
import { prepareStoreConnection } from '../../../src/core/store/schema';
import { applyStoreOp } from '../../../src/core/store/storeOps';
import type { StoreOperation } from '../../../src/core/store/storeOpTypes';
import { WorkspaceStore } from '../../../src/core/store/workspaceStore';
import { crashSnapshotPolicy } from './durable/itemsStore';
import { newJob, result } from './storeTestKit';

const IN_FLIGHT = 8;

async function main(): Promise<void> {
  const path = process.argv[2];
  const { database, readOnly } = await DurableDatabase.open<StoreOperation>({
    path,
    migrations: STORE_MIGRATIONS,
    apply: applyStoreOp,
    prepareConnection: prepareStoreConnection,
    holder: 'segment crash writer',
    snapshotPolicy: crashSnapshotPolicy,
    payloads: new SegmentStore(recordsFolder(path), false),
  });
  if (readOnly) throw new Error(`${path} is locked`);
  const store = new WorkspaceStore(database, { runnerAlive: () => false });
  let done = new Set<string>();
  if (!store.jobRow(1)) await store.createJob(newJob({ total: 100_000 }));
  else {
    await store.markInterrupted();
    done = (await store.reopenJob(1)).doneKeys;
  }
  process.stdout.write('ready\n');
  const sink = store.recordSink(1);
  let n = 0;
  const writeOne = async (): Promise<void> => {
    for (;;) {
      const unit = n++;
      const r = result(Math.floor(unit / 5), unit % 5, unit % 13 === 0);
      if (done.has(r.key)) continue;
      await sink.write(r);
      process.stdout.write(`ack ${r.key}\n`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, writeOne));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
