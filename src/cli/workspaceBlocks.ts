import { isAbsolute, relative, resolve } from 'node:path';
import { createBlockRegistry } from '../core/blocks/blockRegistry';
import type { BlockRegistry } from '../core/blocks/blockTypes';
import { loadCustomBlocks } from '../core/blocks/custom/loadCustomBlocks';
import type { CustomBlockSet } from '../core/blocks/custom/customBlockTypes';
import type { DataGenFlowSettings } from '../core/config/settings';

export interface WorkspaceBlocks {
  /** Built-ins plus the custom blocks that loaded. */
  registry: BlockRegistry;
  custom: CustomBlockSet;
  /** One `file: warning: message` line per custom block file that did not load. */
  warnings: string[];
}

/**
 * The block registry of a workspace: built-ins plus its custom blocks (`datagenflow.customBlocksFolder`).
 * The CLI counts as trusted: the user runs it on their own files, as they would run `node` on a script — Workspace
 * Trust is VS Code's guard against opening someone else's folder, which a command line does not do behind your back.
 */
export function loadWorkspaceBlocks(workspace: string, settings: DataGenFlowSettings): WorkspaceBlocks {
  const custom = loadCustomBlocks({ folder: customBlocksFolder(workspace, settings), trusted: true });
  const warnings = custom.entries.filter((e) => e.status !== 'ok').map((e) => `${shownPath(e.file)}: warning: ${e.error ?? e.status}`);
  return { registry: createBlockRegistry(custom.blocks), custom, warnings };
}

export function customBlocksFolder(workspace: string, settings: DataGenFlowSettings): string {
  return resolve(workspace, settings.customBlocksFolder);
}

/** Relative to the current folder when inside it (clickable in a terminal), else absolute. */
export function shownPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}
