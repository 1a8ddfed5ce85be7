import * as vscode from 'vscode';
import { FOLDER_SEED_FIELDS, MAX_SEED_FIELDS_BYTES, seedFieldNames, type SeedFieldNames } from '../core/seeds/seedFieldNames';
import { isFolder } from '../host/seedFolders';
import { readText, relativePath } from '../host/workspaceFiles';

const DEBOUNCE_MS = 300;

/**
 * The field names of seed files, read once per change of the file (its open document's text or the disk's), never on
 * a keystroke in the pipeline: a read scans the JSON in slices that yield (see seedFieldNames), and a newer change
 * stops a read still running. `onDidChange` fires with the seed file whose fields may have changed.
 */
export class SeedFieldsCache implements vscode.Disposable {
  private readonly entries = new Map<string, { fields: Promise<SeedFieldNames>; stop: AbortController }>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[];

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{json,md,markdown}');
    const onDisk = (uri: vscode.Uri) => this.changedLater(uri);
    this.disposables = [
      watcher,
      watcher.onDidChange(onDisk),
      watcher.onDidCreate(onDisk),
      watcher.onDidDelete(onDisk),
      vscode.workspace.onDidChangeTextDocument((e) => this.changedLater(e.document.uri)),
      // Closing a document that had unsaved edits brings back the disk's text.
      vscode.workspace.onDidCloseTextDocument((d) => this.changedLater(d.uri)),
      this.changed,
    ];
  }

  /** The fields of the seed file or folder at `uri`, read now if they were not read since its last change. */
  fieldsFor(uri: vscode.Uri): Promise<SeedFieldNames> {
    const key = uri.toString();
    const cached = this.entries.get(key);
    if (cached) return cached.fields;
    const stop = new AbortController();
    const fields = read(uri, stop.signal).catch((e: unknown) => ({ ok: false as const, fileName: relativePath(uri), reason: e instanceof Error ? e.message : String(e) }));
    this.entries.set(key, { fields, stop });
    return fields;
  }

  /** Forgets what was read of a seed file in (or a folder holding) `uri`, and says so once its changes settle. */
  private changedLater(uri: vscode.Uri): void {
    const key = uri.toString();
    const affected = [...this.entries.keys()].filter((k) => k === key || key.startsWith(`${k}/`));
    for (const k of affected) {
      this.entries.get(k)?.stop.abort(new Error('the seed file changed'));
      this.entries.delete(k);
      clearTimeout(this.timers.get(k));
      this.timers.set(
        k,
        setTimeout(() => {
          this.timers.delete(k);
          this.changed.fire(vscode.Uri.parse(k));
        }, DEBOUNCE_MS),
      );
    }
  }

  dispose(): void {
    this.timers.forEach((t) => clearTimeout(t));
    this.entries.forEach((e) => e.stop.abort(new Error('disposed')));
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

async function read(uri: vscode.Uri, signal: AbortSignal): Promise<SeedFieldNames> {
  const fileName = relativePath(uri);
  if (await isFolder(uri)) return { ok: true, fileName, fields: [...FOLDER_SEED_FIELDS], seeds: (await vscode.workspace.findFiles(new vscode.RelativePattern(uri, '**/*.{md,markdown}'))).length };
  const open = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
  if (!open) {
    let size: number;
    try {
      size = (await vscode.workspace.fs.stat(uri)).size;
    } catch {
      return { ok: false, fileName, reason: `${fileName} was not found` };
    }
    if (size > MAX_SEED_FIELDS_BYTES) return { ok: false, fileName, reason: `${fileName} is too large to read its fields in the editor` };
  }
  return seedFieldNames(await readText(uri), fileName, { signal });
}
