/** Where a record's payload lies: segment number, byte offset and length within the job's folder. */
export type PayloadPointer = [segment: number, offset: number, length: number];

/**
 * Bulk record payloads kept outside sql.js, in per-job append-only files. `append` writes (not yet durable);
 * `sync` makes every append so far durable and is called before the journal line that points at them is written.
 */
export interface PayloadStore {
  readonly readOnly: boolean;
  append(jobId: number, data: Uint8Array): PayloadPointer;
  read(jobId: number, pointer: PayloadPointer): Buffer;
  sync(): Promise<void>;
  /** Removes a job's payloads; only once the job's deletion is durable. */
  removeJob(jobId: number): Promise<void>;
  /** Removes folders of jobs that no longer exist (a crash between a durable delete and the folder's removal). */
  removeOrphans(jobExists: (jobId: number) => boolean): Promise<number[]>;
  close(): Promise<void>;
}
