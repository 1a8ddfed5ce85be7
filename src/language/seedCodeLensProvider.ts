import * as vscode from 'vscode';
import { seedLensTargets } from '../core/try/seedLensTargets';
import { onDidChangeSeedAssociation, pipelinesOfSeedFile } from '../host/seedAssociation';
import type { Services } from '../host/services';

/** JSON and Markdown files other than pipelines: whether one is a seed file is decided per document. */
export const SEED_FILES: vscode.DocumentSelector = [
  { pattern: '**/*.json', scheme: 'file' },
  { pattern: '**/*.{md,markdown}', scheme: 'file' },
];

/**
 * `▶ Try · Preview` above each seed object of a JSON seed file and each heading of a Markdown seed. The pipeline
 * is the one the file is the seed file of (see seedAssociation.ts); with several or none, the command asks. A
 * Markdown file gets lenses only once it is some pipeline's seed file (or is named `*.seeds.md`): not every README.
 */
export class SeedCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly services: Services) {
    this.subscription = onDidChangeSeedAssociation(() => this.changed.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const name = document.uri.path;
    if (name.endsWith('.dgf.json')) return [];
    const pipelines = pipelinesOfSeedFile(this.services.context.workspaceState, document.uri);
    const markdown = /\.(md|markdown)$/i.test(name);
    if (markdown && pipelines.length === 0 && !/\.seeds\.(md|markdown)$/i.test(name)) return [];
    let targets;
    try {
      targets = seedLensTargets(document.getText(), name);
    } catch {
      return [];
    }
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    const pipeline = pipelines.length === 1 && folder ? vscode.Uri.joinPath(folder.uri, pipelines[0]) : undefined;
    return targets.flatMap((t) => {
      const range = new vscode.Range(t.line, 0, t.line, 0);
      const chunk = t.heading ? { containing: t.heading } : undefined;
      return [
        new vscode.CodeLens(range, { title: '▶ Try', tooltip: `Run the pipeline on this ${t.heading ? 'chunk' : 'seed'}`, command: 'datagenflow.trySeed', arguments: [pipeline, t.seedIndex, chunk, document.uri] }),
        new vscode.CodeLens(range, { title: 'Preview', tooltip: 'The prompts the pipeline would send for this seed', command: 'datagenflow.previewPrompts', arguments: [pipeline, undefined, t.seedIndex] }),
      ];
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
