import * as vscode from 'vscode';
import { ParsedSeedsCache } from '../language/parsedSeedsCache';
import { SeedFieldsCache } from '../language/seedFieldsCache';

/**
 * Seed files as the canvases need them, shared by every canvas of the window: their field names (completion in prompt
 * fields) and their parsed seeds (the header's plan), each read once per change of the file.
 */
export class CanvasSeedFiles implements vscode.Disposable {
  readonly fields = new SeedFieldsCache();
  readonly parsed = new ParsedSeedsCache();

  /** Fires with a seed file whose fields or seeds may have changed. */
  onDidChange(listener: (uri: vscode.Uri) => void): vscode.Disposable {
    return vscode.Disposable.from(this.fields.onDidChange(listener), this.parsed.onDidChange(listener));
  }

  dispose(): void {
    this.fields.dispose();
    this.parsed.dispose();
  }
}
