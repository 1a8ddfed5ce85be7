import type * as vscode from 'vscode';
import type { BlockRegistry } from '../core/blocks/blockTypes';
import type { ProblemDiagnostics } from './diagnostics';
import type { JobManager } from './jobManager';
import type { Logger } from './logger';
import type { SecretKeys } from './secretKeys';
import type { StoreService } from './storeService';

/** What command handlers and views share; built once in activate(). */
export interface Services {
  context: vscode.ExtensionContext;
  log: Logger;
  keys: SecretKeys;
  store: StoreService;
  jobs: JobManager;
  diagnostics: ProblemDiagnostics;
  /** Built-in blocks plus, in trusted workspaces, the workspace's custom blocks. */
  registry(): BlockRegistry;
  /** Fires when registry() changed (custom blocks loaded or reloaded). */
  onDidChangeRegistry: vscode.Event<void>;
}
