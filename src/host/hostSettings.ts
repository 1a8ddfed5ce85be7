import * as vscode from 'vscode';
import { settingsFromValues, type DataGenFlowSettings } from '../core/config/settings';

/** The `datagenflow.*` settings as the engine wants them (same reader as the CLI's settings.json). */
export function readSettings(scope?: vscode.ConfigurationScope): DataGenFlowSettings {
  const config = vscode.workspace.getConfiguration('datagenflow', scope);
  return settingsFromValues((key) => config.get(key));
}

/** The workspace folder DataGenFlow works in: the first one (multi-root uses the first folder's database). */
export function workspaceFolder(): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.workspaceFolders?.[0];
}
