import * as vscode from 'vscode';
import type { Problem } from '../core/problems';

/** Problems of pipeline and seed files in the Problems panel, at their exact ranges. */
export class ProblemDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('datagenflow');

  set(uri: vscode.Uri, problems: readonly Problem[]): void {
    this.collection.set(uri, problems.map(toDiagnostic));
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

/** Problem ranges are 1-based with an exclusive end; VS Code's are 0-based. */
export function toDiagnostic(p: Problem): vscode.Diagnostic {
  const range = p.range
    ? new vscode.Range(p.range.line - 1, p.range.column - 1, p.range.endLine - 1, p.range.endColumn - 1)
    : new vscode.Range(0, 0, 0, 0);
  const d = new vscode.Diagnostic(range, p.message, p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  d.source = 'DataGenFlow';
  d.code = p.code;
  return d;
}
