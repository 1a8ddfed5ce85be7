import * as vscode from 'vscode';
import { pipelineQuickFixes } from '../core/pipeline/pipelineQuickFixes';
import type { SourceRange } from '../core/problems';
import type { Services } from './services';

/** The fixes pipeline problems carry (e.g. a threshold clamped into its range) as quick fixes in the text editor. */
export function registerPipelineQuickFixes(services: Services): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider(
    { pattern: '**/*.dgf.json' },
    {
      provideCodeActions(document, range, context) {
        const ours = context.diagnostics.filter((d) => d.source === 'DataGenFlow');
        if (ours.length === 0) return [];
        const actions: vscode.CodeAction[] = [];
        for (const fix of pipelineQuickFixes(document.getText(), services.registry())) {
          const at = toRange(fix.range);
          if (!at.intersection(range)) continue;
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.diagnostics = ours.filter((d) => d.code === fix.code && d.range.isEqual(at));
          action.isPreferred = true;
          action.edit = new vscode.WorkspaceEdit();
          for (const c of fix.changes) {
            action.edit.replace(document.uri, new vscode.Range(document.positionAt(c.offset), document.positionAt(c.offset + c.length)), c.content);
          }
          actions.push(action);
        }
        return actions;
      },
    },
    { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
  );
}

function toRange(r: SourceRange): vscode.Range {
  return new vscode.Range(r.line - 1, r.column - 1, r.endLine - 1, r.endColumn - 1);
}
