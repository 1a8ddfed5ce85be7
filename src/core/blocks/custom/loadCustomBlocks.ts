import { resolve } from 'node:path';
import type { CustomBlockSet, Disposable, LoadCustomBlocksOptions } from './customBlockTypes';
import { scanCustomBlocks } from './scanCustomBlocks';
import { reservedTypeSet, watchCustomBlocks } from './watchCustomBlocks';

/**
 * The custom blocks of a folder: each `.js`/`.cjs` module directly in it (not `_helpers.js`, not `*.test.js`)
 * exporting a block with the built-in contract. Broken modules, clashes with built-in types and duplicate types are
 * listed in `entries` with their errors and left out of `blocks`; in an untrusted workspace nothing is evaluated.
 * Every call evaluates the modules afresh. With `onChange`, the folder is also watched (see watchCustomBlocks).
 */
export function loadCustomBlocks(options: LoadCustomBlocksOptions): CustomBlockSet {
  const folder = resolve(options.folder);
  const scan = scanCustomBlocks(folder, options.trusted, reservedTypeSet(options.reservedTypes));
  let watcher: Disposable | undefined;
  if (options.onChange) {
    watcher = watchCustomBlocks(folder, options.trusted, options.onChange, { reservedTypes: options.reservedTypes });
  }
  return { folder, ...scan, dispose: () => watcher?.dispose() };
}
