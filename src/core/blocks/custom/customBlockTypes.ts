import type { BlockDefinition } from '../blockTypes';

/**
 * How one file of the custom blocks folder fared:
 * - `ok`: loaded, its block is in `blocks`;
 * - `error`: could not be loaded (throws, syntax error, bad shape or schema, duplicate type) — see `error`;
 * - `clash`: its type is a built-in's; the built-in is kept and this block is not used;
 * - `untrusted`: not loaded at all, because the workspace is not trusted.
 */
export type CustomBlockStatus = 'ok' | 'error' | 'clash' | 'untrusted';

export interface CustomBlockEntry {
  /** Absolute path of the module. */
  file: string;
  /** The block type the module declares, when it got that far. */
  type?: string;
  status: CustomBlockStatus;
  /** What is wrong, where, and what to do (every status but `ok`). */
  error?: string;
}

/** The custom blocks of one folder, as loaded at one moment. */
export interface CustomBlockSet {
  /** Absolute path of the folder. */
  folder: string;
  /** The usable blocks (entries with status `ok`), sorted by type. */
  blocks: BlockDefinition[];
  /** One entry per candidate file, sorted by file name. */
  entries: CustomBlockEntry[];
  /** Stops the watching started with `onChange`; safe to call more than once. */
  dispose(): void;
}

export interface LoadCustomBlocksOptions {
  /** The custom blocks folder (absolute, or relative to the process' working folder). It may not exist. */
  folder: string;
  /** Workspace Trust: when false, no module is evaluated and every file is listed `untrusted`. */
  trusted: boolean;
  /**
   * When set, the folder is watched and every change (debounced) reloads it: `onChange` gets the new set. Every set
   * of the chain shares the watcher: disposing any of them stops it.
   */
  onChange?: (set: CustomBlockSet) => void;
  /** Types that custom blocks may not take; default: the built-in blocks' types. */
  reservedTypes?: readonly string[];
}

export interface Disposable {
  dispose(): void;
}
