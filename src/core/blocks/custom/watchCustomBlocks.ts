import { statSync, watch, type FSWatcher } from 'node:fs';
import { resolve } from 'node:path';
import { BUILTIN_BLOCKS } from '../blockRegistry';
import type { CustomBlockSet, Disposable } from './customBlockTypes';
import { scanCustomBlocks } from './scanCustomBlocks';

export interface WatchCustomBlocksOptions {
  /** Quiet time after the last change before reloading (an editor's save is several events). Default 300 ms. */
  debounceMs?: number;
  /** How often a missing folder is looked for. Default 1000 ms. */
  pollMs?: number;
  /** Types custom blocks may not take; default: the built-in blocks' types. */
  reservedTypes?: readonly string[];
}

export function reservedTypeSet(reservedTypes?: readonly string[]): ReadonlySet<string> {
  return new Set(reservedTypes ?? BUILTIN_BLOCKS.map((b) => b.type));
}

/**
 * Reloads the custom blocks of `folder` after every burst of changes in it (files added, edited, renamed, removed)
 * and hands the new set to `onReload`; the set's `dispose` stops this watcher.
 *
 * The folder may not exist yet (the default `.datagenflow/blocks` usually does not): then it is polled for every
 * `pollMs` — cheaper and simpler than watching a chain of parents that may not exist either — and loaded as soon as
 * it appears. If it is deleted, `onReload` gets an empty set and polling resumes. The watcher is re-created on each
 * reload, so a folder replaced wholesale (git checkout, a sync tool) keeps being watched. Nothing here keeps the
 * process alive.
 */
export function watchCustomBlocks(
  folder: string,
  trusted: boolean,
  onReload: (set: CustomBlockSet) => void,
  options: WatchCustomBlocksOptions = {},
): Disposable {
  const dir = resolve(folder);
  const debounceMs = options.debounceMs ?? 300;
  const pollMs = options.pollMs ?? 1000;
  const reserved = reservedTypeSet(options.reservedTypes);
  let watcher: FSWatcher | undefined;
  let poll: NodeJS.Timeout | undefined;
  let pending: NodeJS.Timeout | undefined;
  let disposed = false;

  const handle: Disposable = {
    dispose() {
      disposed = true;
      clearTimeout(pending);
      clearInterval(poll);
      stopWatching();
    },
  };

  const stopWatching = () => {
    watcher?.close();
    watcher = undefined;
  };
  const schedule = () => {
    if (disposed) return;
    clearTimeout(pending);
    pending = setTimeout(reload, debounceMs);
    pending.unref();
  };
  const startWatching = (): boolean => {
    try {
      watcher = watch(dir, { persistent: false }, schedule);
      // E.g. the folder vanished under the watcher: reload (which falls back to polling).
      watcher.on('error', schedule);
      return true;
    } catch {
      return false;
    }
  };
  const startPolling = () => {
    if (poll || disposed) return;
    poll = setInterval(() => {
      if (!isDirectory(dir)) return;
      clearInterval(poll);
      poll = undefined;
      schedule(); // the folder appeared: load what is in it
    }, pollMs);
    poll.unref();
  };
  function reload() {
    pending = undefined;
    if (disposed) return;
    // Watch again before scanning, so a change made during the scan triggers another reload instead of being lost.
    stopWatching();
    if (!isDirectory(dir) || !startWatching()) startPolling();
    const scan = scanCustomBlocks(dir, trusted, reserved);
    onReload({ folder: dir, ...scan, dispose: handle.dispose });
  }

  if (!isDirectory(dir) || !startWatching()) startPolling();
  return handle;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
