import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StoreJournalError } from './durableErrors';
import { replaceFileDurably, syncFolder, writeFully } from './durableFiles';

/**
 * The append side of the journal. `bytes` is always the length of the good, durable prefix: a failed append is
 * truncated back to it, so a later append never lands after garbage (which would read as a corrupt middle line).
 */
export class JournalWriter {
  /** fdatasync calls, for tests of group commit. */
  datasyncs = 0;
  /** Set when the file could not be brought back to a known state; every later append fails with it. */
  broken?: StoreJournalError;

  private constructor(
    readonly file: string,
    private handle: FileHandle,
    public bytes: number,
  ) {}

  /** Opens for appending; bytes beyond `validBytes` (a torn last line) are cut off before the first append. */
  static async open(file: string, validBytes: number): Promise<JournalWriter> {
    const handle = await open(file, 'a+');
    try {
      const { size } = await handle.stat();
      if (size !== validBytes) {
        await handle.truncate(validBytes);
        await handle.datasync();
      }
    } catch (error) {
      await handle.close();
      throw new StoreJournalError(file, 'could not cut off a torn last line', error);
    }
    if (validBytes === 0) await syncFolder(dirname(file));
    return new JournalWriter(file, handle, validBytes);
  }

  /** Appends and fdatasyncs. Durable when it resolves; on failure nothing was added. */
  async append(data: Buffer): Promise<void> {
    if (this.broken) throw this.broken;
    try {
      await writeFully(this.handle, data);
      this.datasyncs++;
      await this.handle.datasync();
    } catch (error) {
      await this.rollBack(error);
      throw new StoreJournalError(this.file, 'could not append', error);
    }
    this.bytes += data.length;
  }

  /**
   * Drops the first `upTo` bytes (lines now in the snapshot). The caller holds the journal exclusively. When
   * lines were appended during the snapshot, the tail is rewritten to a temporary file renamed over the journal,
   * so the journal on disk is always either the old one or the new one.
   */
  async cut(upTo: number): Promise<void> {
    if (this.broken) throw this.broken;
    if (upTo === 0) return;
    if (upTo === this.bytes) {
      await this.handle.truncate(0);
      this.datasyncs++;
      await this.handle.datasync();
      this.bytes = 0;
      return;
    }
    const tail = Buffer.alloc(this.bytes - upTo);
    const { bytesRead } = await this.handle.read(tail, 0, tail.length, upTo);
    if (bytesRead !== tail.length) throw new StoreJournalError(this.file, `read ${bytesRead} of ${tail.length} bytes of its tail`, 'short read');
    await replaceFileDurably(this.file, tail);
    // The old handle points at the replaced file now; until the new one is open, appends must not happen.
    await this.handle.close().catch(() => undefined);
    try {
      this.handle = await open(this.file, 'a+');
    } catch (error) {
      this.broken = new StoreJournalError(this.file, 'could not reopen after a snapshot; reopen the database', error);
      throw this.broken;
    }
    this.bytes = tail.length;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  private async rollBack(cause: unknown): Promise<void> {
    try {
      await this.handle.truncate(this.bytes);
    } catch (error) {
      this.broken = new StoreJournalError(this.file, `a failed append (${String(cause)}) could not be undone; reopen the database`, error);
    }
  }
}
