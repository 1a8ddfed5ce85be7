import { copyFile, link, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Writes `data` to `file + '.tmp'`, fsyncs it, renames it over `file` and fsyncs the folder: all or nothing. */
export async function replaceFileDurably(file: string, data: Uint8Array): Promise<void> {
  const tmp = `${file}.tmp`;
  try {
    const handle = await open(tmp, 'w');
    try {
      await writeFully(handle, data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  await syncFolder(dirname(file));
}

export async function writeFully(handle: { write(data: Uint8Array, offset: number, length: number): Promise<{ bytesWritten: number }> }, data: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset);
    offset += bytesWritten;
  }
}

/** Makes a rename durable. Best effort: some platforms (Windows) cannot open a folder for fsync. */
export async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not supported here; the rename itself is still atomic.
  }
}

/** `<file>.corrupt-YYYYMMDD-HHMMSS` (local time), with `-2`, `-3`… when that name is taken. */
async function asideName(file: string, now: Date): Promise<string> {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  for (let n = 1; ; n++) {
    const candidate = `${file}.corrupt-${stamp}${n === 1 ? '' : `-${n}`}`;
    if (!(await exists(candidate))) return candidate;
  }
}

/** Moves a file that cannot be used out of the way, bytes intact. Returns the new name. */
export async function moveAside(file: string, now: Date): Promise<string> {
  const target = await asideName(file, now);
  await rename(file, target);
  await syncFolder(dirname(file));
  return target;
}

/**
 * Keeps a copy of `file` under a `.corrupt-…` name while `file` stays in place (a hard link when the file system
 * allows it, else a copy), so the file can then be replaced atomically without a moment where it is missing.
 */
export async function keepAside(file: string, now: Date): Promise<string> {
  const target = await asideName(file, now);
  try {
    await link(file, target);
  } catch {
    await copyFile(file, target);
  }
  await syncFolder(dirname(file));
  return target;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if (isNoEntry(error)) return false;
    throw error;
  }
}

export function isNoEntry(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
