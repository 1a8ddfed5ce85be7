import * as vscode from 'vscode';
import { analyzePipelineTemplates, type TemplateAnalysis } from '../core/pipeline/templateAnalysis';
import { associatedSeedFile, onDidChangeSeedAssociation } from '../host/seedAssociation';
import type { Services } from '../host/services';
import type { SeedFieldsCache } from './seedFieldsCache';

/**
 * The template analysis of a pipeline document, against its associated seed file's fields: computed once per
 * document version (and seed file state), shared by completion, hover and diagnostics. `onDidChange` fires when
 * analyses may differ for an unchanged document: another seed file chosen, the seed file edited, blocks reloaded.
 */
export class TemplateLanguageService implements vscode.Disposable {
  private readonly latest = new Map<string, { key: string; analysis: Promise<TemplateAnalysis> }>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[];
  private generation = 0;

  constructor(
    private readonly services: Services,
    private readonly seeds: SeedFieldsCache,
  ) {
    const invalidate = () => {
      this.generation++;
      this.changed.fire();
    };
    this.disposables = [
      onDidChangeSeedAssociation(invalidate),
      seeds.onDidChange(invalidate),
      services.onDidChangeRegistry(invalidate),
      vscode.workspace.onDidCloseTextDocument((d) => this.latest.delete(d.uri.toString())),
      this.changed,
    ];
  }

  analysis(document: vscode.TextDocument): Promise<TemplateAnalysis> {
    const id = document.uri.toString();
    const seedUri = associatedSeedFile(this.services.context.workspaceState, document.uri);
    const key = `${document.version}|${this.generation}|${seedUri?.toString() ?? ''}`;
    const cached = this.latest.get(id);
    if (cached?.key === key) return cached.analysis;
    const text = document.getText();
    const analysis = (async () => analyzePipelineTemplates(text, this.services.registry(), seedUri ? await this.seeds.fieldsFor(seedUri) : undefined))();
    this.latest.set(id, { key, analysis });
    return analysis;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
