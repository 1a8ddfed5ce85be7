import * as vscode from 'vscode';
import type { Problem, SourceRange } from '../core/problems';

/** Problems of pipeline and seed files in the Problems panel, at their exact ranges. */
export class ProblemDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('datagenflow');

  /** `relatedUri` places a problem's related locations (a seed folder's documents); by default they are in `uri`. */
  set(uri: vscode.Uri, problems: readonly Problem[], relatedUri?: (path: readonly (string | number)[]) => vscode.Uri): void {
    this.collection.set(uri, problems.map((p) => toDiagnostic(p, uri, relatedUri)));
  }

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  get(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  dispose(): void {
    this.collection.dispose();
  }
}

/**
 * Problem ranges are 1-based with an exclusive end; VS Code's are 0-based. The places a problem concerns (each seed
 * lacking a field) become its related information in `uri`, listed under it in the Problems panel.
 */
export function toDiagnostic(p: Problem, uri?: vscode.Uri, relatedUri?: (path: readonly (string | number)[]) => vscode.Uri): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(p.range), p.message, p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  d.source = 'DataGenFlow';
  d.code = p.code;
  if (uri && p.related && p.related.length > 0) {
    d.relatedInformation = p.related.map(
      (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(relatedUri?.(r.path) ?? uri, toRange(r.range)), r.message),
    );
  }
  return d;
}

function toRange(range: SourceRange | undefined): vscode.Range {
  return range ? new vscode.Range(range.line - 1, range.column - 1, range.endLine - 1, range.endColumn - 1) : new vscode.Range(0, 0, 0, 0);
}
