import * as vscode from 'vscode';
import type { ReviewService } from '../core/review/reviewService';

export const REVIEW_DIFF_SCHEME = 'datagenflow-record';

/** Read-only documents for "Compare with original": `datagenflow-record:/job<j>/record<id>.original.json` and `.edited.json`. */
export function reviewDiffUris(jobId: number, recordId: number): { original: vscode.Uri; edited: vscode.Uri } {
  const base = `/job${jobId}/record${recordId}`;
  return {
    original: vscode.Uri.from({ scheme: REVIEW_DIFF_SCHEME, path: `${base}.original.json` }),
    edited: vscode.Uri.from({ scheme: REVIEW_DIFF_SCHEME, path: `${base}.edited.json` }),
  };
}

/** Serves the two sides from the database each time they are opened, so the diff shows the record as it is now. */
export class ReviewDiffProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly service: ReviewService) {}

  /** The record changed since its documents were last shown (another edit, an undo): re-read them. */
  refresh(jobId: number, recordId: number): void {
    const { original, edited } = reviewDiffUris(jobId, recordId);
    this.changed.fire(original);
    this.changed.fire(edited);
  }

  dispose(): void {
    this.changed.dispose();
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const match = /\/record(\d+)\.(original|edited)\.json$/.exec(uri.path);
    if (!match) throw new Error(`${uri.toString()} is not a DataGenFlow record document: open it from the Review panel's "Compare with original".`);
    const texts = await this.service.diffTexts(Number(match[1]));
    return match[2] === 'original' ? texts.original : texts.edited;
  }
}
