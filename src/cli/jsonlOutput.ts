import { resolve } from 'node:path';
import { contentHash } from '../core/run/jobLauncher';
import { DgfError } from '../core/errors';
import { databaseFiles } from '../core/store/exportTarget';
import type { WorkspaceStore } from '../core/store/workspaceStore';
import { JsonlSink, readJsonlContent } from './jsonlSink';

/** Why `run --out` will not write to that file (exit 1, the file untouched). */
class JsonlOutputError extends DgfError {
  constructor(message: string) {
    super('jsonl-output', message);
  }
}

export interface JsonlOutputRequest {
  /** Absolute path of the --out file: jobs remember it in their metadata (`out`). */
  outPath: string;
  /** As the user typed it, for messages. */
  shownPath: string;
  resume: boolean;
  pipelineText: string;
  /** The seed file as jobs record it (relative to the workspace). */
  seedsPath: string;
  databasePath: string;
}

/**
 * The journal is emptied at every snapshot: records appended there would vanish, and the database would suffer.
 * Checked before the database is opened too, so the refusal is the only thing the user reads.
 */
export function refuseDatabaseFileAsOutput(outPath: string, shownPath: string, databasePath: string): void {
  if (databaseFiles(databasePath).includes(resolve(outPath))) {
    throw new JsonlOutputError(`${shownPath} is a file of the database ${databasePath}: choose another --out file. It was left untouched.`);
  }
}

export interface JsonlOutput {
  sink: JsonlSink;
  /** With --resume: the job that wrote the file, to resume. Absent: start a new job. */
  resumeJobId?: number;
  /** Records the database held but the file lacked (killed between the two writes), appended now. */
  recovered: number;
}

/**
 * Opens the `run --out` file. A new job writes only to a file that is missing or empty: a file with content is
 * another job's output or a file of the user's, never appended to without --resume. With --resume the file is
 * continued by the job that wrote it (the job's metadata names the file), with the same pipeline and seed file.
 */
export async function openJsonlOutput(store: WorkspaceStore, request: JsonlOutputRequest): Promise<JsonlOutput> {
  const { outPath, shownPath } = request;
  refuseDatabaseFileAsOutput(outPath, shownPath, request.databasePath);
  const content = await readJsonlContent(outPath);
  if (!request.resume) {
    if (content.nonEmpty) throw new JsonlOutputError(`${shownPath} already has content: add --resume to continue the job that wrote it, or choose another --out file. It was left untouched.`);
    return { sink: await JsonlSink.open(outPath), recovered: 0 };
  }
  const job = store.listJobs().find((j) => j.metadata.out === outPath);
  if (!job) {
    if (content.nonEmpty) {
      throw new JsonlOutputError(`${shownPath} was not written by a job of ${request.databasePath}, so --resume cannot continue it. Run without --resume into a new file (or give the --db that job used). It was left untouched.`);
    }
    return { sink: await JsonlSink.open(outPath), recovered: 0 };
  }
  if (job.pipelineHash !== contentHash(request.pipelineText)) {
    throw new JsonlOutputError(`The pipeline changed since job ${job.id} started writing ${shownPath}, so its units no longer match. Run without --resume into a new file.`);
  }
  if (job.seedsPath !== request.seedsPath) {
    throw new JsonlOutputError(`${shownPath} is the output of job ${job.id}, which ran over ${job.seedsPath ?? '(no seed file)'}, not ${request.seedsPath}. Give --seeds ${job.seedsPath ?? ''} to continue it.`);
  }
  return continueJobOutput(store, job.id, outPath, content.succeeded);
}

/**
 * Opens the JSONL file a job writes (its metadata's `out`) to continue it: first appends the succeeded records the
 * database holds but the file lacks, then the sink takes the new ones. `resume --job` of such a job uses it too.
 */
export async function continueJobOutput(store: WorkspaceStore, jobId: number, outPath: string, inFile?: Set<string>): Promise<JsonlOutput> {
  const succeeded = inFile ?? (await readJsonlContent(outPath)).succeeded;
  const sink = await JsonlSink.open(outPath);
  let recovered = 0;
  try {
    for await (const record of store.jobRecords(jobId)) {
      if (record.status === 'failed' || succeeded.has(record.unitKey)) continue;
      await sink.writeRecord(record);
      recovered++;
    }
  } catch (e) {
    await sink.close();
    throw e;
  }
  return { sink, resumeJobId: jobId, recovered };
}
