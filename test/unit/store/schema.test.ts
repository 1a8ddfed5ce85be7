import assert from 'node:assert/strict';
import type { Database } from 'sql.js';
import { StoreMigrationError, StoreVersionError } from '../../../src/core/store/durable/durableErrors';
import { schemaVersion } from '../../../src/core/store/durable/migrate';
import { MemoryOpLog } from '../helpers/memoryOpLog';
import { STORE_MIGRATIONS, STORE_SCHEMA_VERSION } from '../../../src/core/store/migrations';
import { applyStoreOp } from '../../../src/core/store/storeOps';
import type { StoreOperation } from '../../../src/core/store/storeOpTypes';
import { WorkspaceStore } from '../../../src/core/store/workspaceStore';
import { openLog, steppingClock } from './storeTestKit';

function columns(db: Database, table: string): string[] {
  return (db.exec(`PRAGMA table_info(${table})`)[0]?.values ?? []).map((row) => String(row[1]));
}

function indexes(db: Database): string[] {
  return (db.exec("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name")[0]?.values ?? []).map((r) => String(r[0]));
}

/** A database as the version-1 code wrote it: schema v1 and rows inserted with v1's columns. */
async function versionOneBytes(): Promise<Uint8Array> {
  const v1 = await MemoryOpLog.open<StoreOperation>({ migrations: STORE_MIGRATIONS.slice(0, 1), apply: applyStoreOp });
  v1.db.exec(`
    INSERT INTO jobs (id, pipeline_path, pipeline_name, pipeline_snapshot, pipeline_hash, status, total, generated, failed, started_at, created_at)
      VALUES (1, 'p.dgf.json', 'P', '{"version":1,"name":"P","blocks":[],"edges":[]}', 'h', 'completed', 4, 3, 1, '2025-12-01T00:00:00.000Z', '2025-12-01T00:00:00.000Z');
    INSERT INTO records (id, job_id, unit_key, seed_index, status, output, metadata, created_at, updated_at) VALUES
      (1, 1, 's0.r1', 0, 'accepted', '{"a":1}', '{}', '2025-12-01T00:00:01.000Z', '2025-12-01T00:00:09.000Z'),
      (2, 1, 's0.r0', 0, 'pending', '{"a":0}', '{}', '2025-12-01T00:00:02.000Z', '2025-12-01T00:00:02.000Z'),
      (3, 1, 's1.c12', 1, 'rejected', '{"a":2}', '{}', '2025-12-01T00:00:03.000Z', '2025-12-01T00:00:03.000Z');
    INSERT INTO records (id, job_id, unit_key, seed_index, status, error, metadata, created_at, updated_at) VALUES
      (4, 1, 's2', 2, 'failed', 'multiplier failed', '{}', '2025-12-01T00:00:04.000Z', '2025-12-01T00:00:04.000Z');
    INSERT INTO review_actions (id, job_id, record_ids, kind, before, after, created_at) VALUES (1, 1, '[1]', 'status', '[[1,"pending","x"]]', '{}', 'x');
    INSERT INTO field_layouts VALUES ('p.dgf.json', '{"primary":["a"],"secondary":[],"hidden":[]}');
  `);
  assert.equal(schemaVersion(v1.db), 1);
  const bytes = v1.db.export();
  await v1.close();
  return bytes;
}

describe('store schema', () => {
  it('has versions 1..N without gaps and opens a fresh database at the latest', async () => {
    assert.deepEqual(
      STORE_MIGRATIONS.map((m) => m.version),
      STORE_MIGRATIONS.map((_, i) => i + 1),
    );
    const log = await openLog();
    assert.equal(schemaVersion(log.db), STORE_SCHEMA_VERSION);
    assert.equal(STORE_SCHEMA_VERSION, 4);
  });

  it('creates the tables, columns and indexes the queries rely on', async () => {
    const { db } = await openLog();
    assert.deepEqual(columns(db, 'jobs'), [
      'id', 'pipeline_path', 'pipeline_name', 'pipeline_snapshot', 'pipeline_hash', 'seeds_path', 'seeds_hash', 'model_settings', 'status', 'total',
      'generated', 'failed', 'input_tokens', 'output_tokens', 'cached_tokens', 'error', 'started_at', 'finished_at', 'created_at', 'elapsed_ms', 'metadata',
      'run_started_at', 'run_active_at', 'runner_pid', 'runner_host',
    ]);
    assert.deepEqual(columns(db, 'records'), [
      'id', 'job_id', 'unit_key', 'seed_index', 'status', 'error', 'output', 'metadata', 'trace', 'edited', 'original_output', 'input_tokens',
      'output_tokens', 'cached_tokens', 'duration_ms', 'created_at', 'updated_at', 'unit_index', 'payload_seg', 'payload_off', 'payload_len',
    ]);
    assert.deepEqual(columns(db, 'record_buckets'), ['job_id', 'ord', 'status', 'bucket', 'n']);
    assert.deepEqual(columns(db, 'review_actions'), ['id', 'job_id', 'record_ids', 'kind', 'before', 'after', 'created_at', 'undone']);
    assert.deepEqual(columns(db, 'field_layouts'), ['pipeline_key', 'layout']);
    assert.deepEqual(indexes(db), ['records_inline', 'records_job_id', 'records_job_status_id', 'records_job_status_unit', 'records_job_unit', 'review_actions_job']);
    assert.equal(db.exec('PRAGMA page_size')[0].values[0][0], 16384, 'records of ~2.5 KB waste most of 4 KB pages');
    assert.equal(db.exec('PRAGMA journal_mode')[0].values[0][0], 'memory');
    assert.equal(db.exec('PRAGMA locking_mode')[0].values[0][0], 'exclusive', 'no hot-journal and change-counter checks per transaction');
  });

  it('rejects statuses outside the allowed sets and a second record with the same unit key', async () => {
    const { db } = await openLog();
    assert.throws(() => db.run("INSERT INTO jobs (pipeline_path, pipeline_name, pipeline_snapshot, pipeline_hash, status, started_at, created_at) VALUES ('p', 'n', '{}', 'h', 'paused', 'x', 'x')"), /CHECK/);
    db.run("INSERT INTO records (job_id, unit_key, seed_index, status, created_at, updated_at) VALUES (1, 's0.r0', 0, 'pending', 'x', 'x')");
    assert.throws(() => db.run("INSERT INTO records (job_id, unit_key, seed_index, status, created_at, updated_at) VALUES (1, 's0.r1', 0, 'edited', 'x', 'x')"), /CHECK/);
    assert.throws(() => db.run("INSERT INTO records (job_id, unit_key, seed_index, status, created_at, updated_at) VALUES (1, 's0.r0', 0, 'pending', 'x', 'x')"), /UNIQUE/);
  });

  it('opens a database of the previous version: data intact, unit order backfilled from the keys', async () => {
    const log = await openLog(await versionOneBytes());
    assert.equal(schemaVersion(log.db), STORE_SCHEMA_VERSION);
    const store = new WorkspaceStore(log, { clock: steppingClock() });
    const [job] = store.listJobs();
    assert.deepEqual([job.id, job.status, job.total, job.generated, job.failed], [1, 'completed', 4, 3, 1]);
    assert.deepEqual(store.getJob(1)?.pipelineSnapshot, { version: 1, name: 'P', blocks: [], edges: [] });
    assert.deepEqual(log.db.exec('SELECT id, unit_index FROM records ORDER BY id')[0].values, [[1, 1], [2, 0], [3, 12], [4, -1]]);
    const page = store.pageRecords(1, { order: 'unit', offset: 0, limit: 10 });
    assert.deepEqual(page.map((r) => r.unitKey), ['s0.r0', 's0.r1', 's1.c12', 's2']);
    assert.deepEqual(page.map((r) => r.updatedAt)[1], '2025-12-01T00:00:09.000Z');
    assert.deepEqual(store.statusCounts(1), { pending: 1, accepted: 1, rejected: 1, failed: 1, total: 4 });
    assert.deepEqual(store.getFieldLayout('p.dgf.json'), { primary: ['a'], secondary: [], hidden: [] });
    // Counters continue past the old rows: the next job and record get fresh ids.
    const next = await store.createJob({ pipelinePath: 'p', pipelineName: 'P', pipelineSnapshot: { version: 1, name: 'P', blocks: [], edges: [] }, pipelineHash: 'h', seedsPath: null, seedsHash: null, modelSettings: {} });
    assert.equal(next.id, 2);
  });

  it('opens a version-2 database: jobs keep their times, a job left running without a recorded run adds no time', async () => {
    const v2 = await MemoryOpLog.open<StoreOperation>({ migrations: STORE_MIGRATIONS.slice(0, 2), apply: () => undefined });
    v2.db.exec(`
      INSERT INTO jobs (id, pipeline_path, pipeline_name, pipeline_snapshot, pipeline_hash, status, total, generated, failed, started_at, created_at, elapsed_ms)
        VALUES (1, 'p', 'P', '{}', 'h', 'completed', 2, 2, 0, '2025-12-01T00:00:00.000Z', '2025-12-01T00:00:00.000Z', 1500),
               (2, 'p', 'P', '{}', 'h', 'running', 2, 1, 0, '2025-12-01T00:00:00.000Z', '2025-12-01T00:00:00.000Z', 700);
    `);
    const bytes = v2.db.export();
    await v2.close();
    const log = await openLog(bytes);
    assert.equal(schemaVersion(log.db), STORE_SCHEMA_VERSION);
    // No writer holds this database: the job left running has no process.
    const store = new WorkspaceStore(log, { clock: steppingClock(), runnerAlive: () => false });
    assert.deepEqual(store.listJobs().map((j) => [j.id, j.status, j.elapsedMs]), [[2, 'interrupted', 700], [1, 'completed', 1500]]);
    assert.deepEqual(await store.markInterrupted(), [2]);
    assert.equal(store.getJob(2)?.elapsedMs, 700);
  });

  it('refuses a database written by a newer schema, saying what to do', async () => {
    const log = await openLog();
    log.db.exec('PRAGMA user_version = 7');
    const bytes = log.db.export();
    await assert.rejects(openLog(bytes), (e: unknown) => e instanceof StoreVersionError && e.found === 7 && e.known === 4 && /newer DataGenFlow \(schema 7 > 4\); update/.test(e.message));
  });

  it('reports a failing migration with its version (one migration runner with the durable store)', async () => {
    const broken = [...STORE_MIGRATIONS, { version: 5, description: 'broken', up: (db: Database) => void db.exec('ALTER TABLE nowhere ADD COLUMN x') }];
    await assert.rejects(
      MemoryOpLog.open({ migrations: broken, apply: applyStoreOp }),
      (e: unknown) => e instanceof StoreMigrationError && e.version === 5 && /migration to schema 5 failed \(no such table: nowhere\)/.test(e.message),
    );
  });
});
