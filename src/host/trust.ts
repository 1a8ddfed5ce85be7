import * as vscode from 'vscode';

/**
 * Restricted Mode: pipelines and records can be viewed and edited, but nothing runs (generation, custom blocks,
 * template rendering). Returns false, after telling the user why, when the workspace is not trusted.
 */
export async function requireTrust(action: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = 'Manage Workspace Trust';
  const choice = await vscode.window.showWarningMessage(
    `DataGenFlow cannot ${action} in Restricted Mode: running pipelines renders templates and may run custom blocks from this folder. Trust the workspace to run it.`,
    manage,
  );
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}
