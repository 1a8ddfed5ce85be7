// Helpers shared by the integration suites that drive the extension through its commands.
import * as assert from 'node:assert/strict';
import { createServer } from 'node:net';
import * as vscode from 'vscode';
import type { DataGenFlowApi } from '../../src/extension';

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export async function extensionApi(): Promise<DataGenFlowApi> {
  const ext = vscode.extensions.getExtension<DataGenFlowApi | undefined>('datagenflow.datagenflow-vscode');
  assert.ok(ext, 'the extension under test is installed');
  const api = await ext.activate();
  assert.ok(api, 'the extension exports its test API (it does only in ExtensionMode.Test)');
  return api;
}

export async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

export async function readWorkspaceText(...segments: string[]): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri(...segments)));
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Every file under `root`, recursively, with its bytes. */
export async function filesUnder(root: vscode.Uri): Promise<{ uri: vscode.Uri; bytes: Uint8Array }[]> {
  const out: { uri: vscode.Uri; bytes: Uint8Array }[] = [];
  for (const [name, type] of await vscode.workspace.fs.readDirectory(root)) {
    const uri = vscode.Uri.joinPath(root, name);
    if (type & vscode.FileType.Directory) out.push(...(await filesUnder(uri)));
    else if (type & vscode.FileType.File) out.push({ uri, bytes: await vscode.workspace.fs.readFile(uri) });
  }
  return out;
}

/** A loopback port nothing listens on (bound, then released), for "unreachable" tests. */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The file the extension's "DataGenFlow" log output channel writes (VS Code names it after the channel). */
export function logFile(api: DataGenFlowApi): vscode.Uri {
  return vscode.Uri.joinPath(api.services.context.logUri, 'DataGenFlow.log');
}

/** Points the workspace's default model at a fake OpenAI-compatible server (and sets the concurrency when given). */
export async function useFakeModel(server: { baseUrl: string }, options: { concurrency?: number } = {}): Promise<void> {
  const config = vscode.workspace.getConfiguration('datagenflow');
  await config.update('models', [{ name: 'fake', baseUrl: server.baseUrl, model: 'fake-model' }], vscode.ConfigurationTarget.Workspace);
  await config.update('defaultModel', 'fake', vscode.ConfigurationTarget.Workspace);
  if (options.concurrency !== undefined) await config.update('concurrency', options.concurrency, vscode.ConfigurationTarget.Workspace);
}
