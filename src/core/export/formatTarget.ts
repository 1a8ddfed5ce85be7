import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isJsonObject } from '../json/jsonPath';
import { checkExportTarget, ExportTargetError, readFirstLine, type ExportOverwrite } from '../store/exportTarget';
import type { ExportFormat } from './exportFormats';

/** The card's YAML key that marks a folder as a DataGenFlow export (replaced by a new export without asking). */
export const CARD_MARKER = 'datagenflow:';

/** The first-line keys that mark a file as an earlier export of a JSON-lines format. */
const LINE_KEYS: Partial<Record<ExportFormat, string>> = { openai_chat: 'messages', alpaca: 'instruction', sharegpt: 'conversations' };

/**
 * Throws ExportTargetError when writing `format` to `outPath` would destroy what DataGenFlow did not write: the
 * database (always refused), and unless `overwrite` is 'any' an existing file or folder that is not an earlier
 * export of this format. A folder target (Hugging Face) is replaced only when it is empty or an earlier export
 * (its README.md carries the DataGenFlow card marker), whatever `overwrite` says: a folder holds more than a file.
 */
export async function checkFormatTarget(format: ExportFormat, outPath: string, options: { databases?: readonly string[]; overwrite?: ExportOverwrite }): Promise<void> {
  const info = await stat(outPath).catch(() => undefined);
  if (format === 'huggingface') {
    await checkExportTarget(join(outPath, 'README.md'), { databases: options.databases, overwrite: 'any' });
    if (!info) return;
    if (!info.isDirectory()) throw new ExportTargetError(outPath, 'not-an-export', `Not exported: ${outPath} is a file; a Hugging Face dataset is a folder. Choose a folder name.`);
    if ((await readdir(outPath)).length === 0 || (await isEarlierCard(outPath))) return;
    throw new ExportTargetError(outPath, 'not-an-export', `Not exported: the folder ${outPath} is not empty and not an earlier DataGenFlow dataset export; it was left untouched. Choose a new or empty folder.`);
  }
  await checkExportTarget(outPath, { databases: options.databases, overwrite: format === 'jsonl' ? options.overwrite : 'any' });
  if (format === 'jsonl' || !info || options.overwrite === 'any' || info.size === 0) return;
  const key = LINE_KEYS[format];
  if (key !== undefined && (await firstLineHas(outPath, key))) return;
  throw new ExportTargetError(outPath, 'not-an-export', `Not exported: ${outPath} already exists and is not an earlier ${format} export; it was left untouched. Choose another file, or add --force to replace it.`);
}

async function isEarlierCard(folder: string): Promise<boolean> {
  const card = await readFile(join(folder, 'README.md'), 'utf8').catch(() => '');
  return card.startsWith('---\n') && card.split('\n---\n')[0].split('\n').includes(CARD_MARKER);
}

async function firstLineHas(file: string, key: string): Promise<boolean> {
  try {
    const line = await readFirstLine(file);
    if (line === undefined) return false;
    const value: unknown = JSON.parse(line);
    return isJsonObject(value) && Object.hasOwn(value, key);
  } catch {
    return false;
  }
}
