import { basename } from 'node:path';
import { scaffoldCustomBlock } from '../core/blocks/custom/scaffoldCustomBlock';
import { DgfError } from '../core/errors';
import type { BlocksArgs } from './args';
import { EXIT, UsageError } from './exitCodes';
import { customBlocksFolder, loadWorkspaceBlocks, shownPath } from './workspaceBlocks';
import { loadSettings } from './workspaceSettings';

/** One line of `blocks list`; `--json` prints an array of these. */
export interface BlockListRow {
  /** Null for a custom file that failed before declaring a type. */
  type: string | null;
  name: string | null;
  category: string | null;
  source: 'builtin' | 'custom';
  available: boolean;
  status: 'ok' | 'error' | 'clash' | 'untrusted';
  /** Why it is not available. */
  error?: string;
  /** Custom blocks: the module. */
  file?: string;
}

/** `datagenflow blocks list|scaffold`. */
export async function blocksCommand(args: BlocksArgs, out: NodeJS.WritableStream): Promise<number> {
  const settings = await loadSettings(args.workspace);
  if (args.action === 'scaffold') {
    const folder = customBlocksFolder(args.workspace, settings);
    let written;
    try {
      written = scaffoldCustomBlock({ folder, name: args.name, category: args.category, displayFolder: shownPath(folder) });
    } catch (e) {
      // A bad name or category is a usage mistake (exit 2); an existing file is "could not run" (exit 1).
      if (e instanceof DgfError && (e.code === 'scaffold-name' || e.code === 'scaffold-category')) throw new UsageError(e.message);
      throw e;
    }
    out.write(
      `Wrote ${shownPath(written.blockFile)} and ${shownPath(written.testFile)}.\n` +
        `Test it:  node --test ${shownPath(written.testFile)}\n` +
        `Use it in a pipeline as a block of type "${args.name}"; 'datagenflow blocks list' shows whether it loads.\n`,
    );
    return EXIT.ok;
  }

  const { registry, custom } = loadWorkspaceBlocks(args.workspace, settings);
  const customTypes = new Set(custom.blocks.map((b) => b.type));
  const fileOf = new Map(custom.entries.filter((e) => e.status === 'ok').map((e) => [e.type, e.file]));
  const rows: BlockListRow[] = registry.all().map((b) => ({
    type: b.type,
    name: b.name,
    category: b.category,
    source: customTypes.has(b.type) ? 'custom' : 'builtin',
    available: true,
    status: 'ok',
    ...(customTypes.has(b.type) ? { file: fileOf.get(b.type) } : {}),
  }));
  for (const entry of custom.entries.filter((e) => e.status !== 'ok')) {
    rows.push({ type: entry.type ?? null, name: null, category: null, source: 'custom', available: false, status: entry.status, error: entry.error, file: entry.file });
  }
  if (args.json) {
    out.write(`${JSON.stringify(rows)}\n`);
    return EXIT.ok;
  }
  out.write(table(rows));
  const broken = custom.entries.filter((e) => e.status !== 'ok').length;
  out.write(`\nCustom blocks folder: ${shownPath(custom.folder)} (${custom.entries.length} module(s)${broken ? `, ${broken} not loaded` : ''}).\n`);
  return EXIT.ok;
}

function table(rows: BlockListRow[]): string {
  const cells = rows.map((r) => [
    r.type ?? `(${basename(r.file ?? '')})`,
    r.name ?? '-',
    r.category ?? '-',
    r.source,
    r.available ? 'ok' : `${r.status}: ${r.error ?? ''}`,
  ]);
  const header = ['TYPE', 'NAME', 'CATEGORY', 'SOURCE', 'AVAILABILITY'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  // The last column (messages) is not padded: it can be long.
  const line = (c: string[]) => c.map((v, i) => (i < c.length - 1 ? v.padEnd(widths[i]) : v)).join('  ').trimEnd();
  return [line(header), ...cells.map(line)].join('\n') + '\n';
}
