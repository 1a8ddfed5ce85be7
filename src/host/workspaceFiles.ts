import * as vscode from 'vscode';

const EXCLUDE = '{**/node_modules/**,**/.git/**,**/.datagenflow/**,**/.vscode/**,**/.vscode-test/**}';

/** A file's text: the open document's (unsaved edits included — the TextDocument is the truth), else the disk's. */
export async function readText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export function isPipelineUri(uri: vscode.Uri | undefined): boolean {
  return uri !== undefined && uri.path.endsWith('.dgf.json');
}

export async function findPipelines(): Promise<vscode.Uri[]> {
  return sortByPath(await vscode.workspace.findFiles('**/*.dgf.json', EXCLUDE, 500));
}

/** Candidate seed files: .json (not pipelines, not package/tsconfig files) or .md. */
export async function findSeedFiles(kind: 'json' | 'markdown'): Promise<vscode.Uri[]> {
  const pattern = kind === 'markdown' ? '**/*.md' : '**/*.json';
  const files = await vscode.workspace.findFiles(pattern, EXCLUDE, 2000);
  return sortByPath(files.filter((u) => kind === 'markdown' || isSeedCandidate(u)));
}

function isSeedCandidate(uri: vscode.Uri): boolean {
  const name = uri.path.split('/').pop() ?? '';
  return !name.endsWith('.dgf.json') && !/^(package(-lock)?|tsconfig.*|jsconfig|\.eslintrc)\.json$/.test(name);
}

function sortByPath(uris: vscode.Uri[]): vscode.Uri[] {
  return uris.sort((a, b) => a.path.localeCompare(b.path));
}

export function relativePath(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}
