import * as vscode from 'vscode';
import { DgfError } from '../core/errors';
import { previewPrompts } from '../core/preview/previewPrompts';
import { previewText, seedLabel } from '../core/preview/previewText';
import type { PreviousOutputs } from '../core/preview/previewTypes';
import { TemplateRenderer } from '../core/templates/templateRenderer';
import { readSettings, workspaceFolder } from '../host/hostSettings';
import { associatedSeedFile, onDidChangeSeedAssociation } from '../host/seedAssociation';
import type { Services } from '../host/services';
import { readText, relativePath } from '../host/workspaceFiles';
import { ParsedSeedsCache } from './parsedSeedsCache';

export const PREVIEW_SCHEME = 'datagenflow-preview';

/** What one preview document shows: a block of a pipeline, for one seed of its seed file. */
export interface PreviewTarget {
  pipeline: vscode.Uri;
  blockId: string;
  seedIndex: number;
}

/** Short enough to follow typing, long enough to skip the keystrokes of a burst. */
const DEBOUNCE_MS = 25;

/**
 * The read-only documents of DataGenFlow: Preview Prompts (`datagenflow-preview:` URIs naming the pipeline, block
 * and seed). Each is rendered by the engine's preview (nothing is sent) and rendered again shortly after its
 * pipeline's text changes, its seed file changes or another seed file is chosen.
 */
export class PromptPreviewProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  /** The last try's outputs per pipeline (set by the try store); without it earlier answers are placeholders. */
  previousOutputs?: (pipeline: vscode.Uri) => PreviousOutputs | undefined;
  readonly seedFiles = new ParsedSeedsCache();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly texts = new Map<string, string>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly generations = new Map<string, number>();
  private renderer: TemplateRenderer | undefined;
  private readonly disposables: vscode.Disposable[];
  /** How long the last update took, from the change to the new text (ms). */
  lastUpdateMs = 0;

  constructor(private readonly services: Services) {
    this.disposables = [
      this.seedFiles,
      this.changed,
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.refreshPipeline(e.document.uri);
      }),
      onDidChangeSeedAssociation((pipeline) => this.refreshPipeline(pipeline)),
      this.seedFiles.onDidChange(() => this.openPreviews().forEach((uri) => this.schedule(uri))),
      services.onDidChangeRegistry(() => this.openPreviews().forEach((uri) => this.schedule(uri))),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme === PREVIEW_SCHEME) this.texts.delete(d.uri.toString());
      }),
    ];
  }

  static uriFor(target: PreviewTarget): vscode.Uri {
    const name = target.pipeline.path.split('/').pop() ?? 'pipeline';
    const query = new URLSearchParams({ pipeline: target.pipeline.toString(), block: target.blockId, seed: String(target.seedIndex) });
    return vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${name} · ${target.blockId} · seed ${target.seedIndex + 1}.txt`, query: query.toString() });
  }

  static targetOf(uri: vscode.Uri): PreviewTarget | undefined {
    const query = new URLSearchParams(uri.query);
    const pipeline = query.get('pipeline');
    const blockId = query.get('block');
    const seedIndex = Number(query.get('seed'));
    if (!pipeline || !blockId || !Number.isInteger(seedIndex) || seedIndex < 0) return undefined;
    return { pipeline: vscode.Uri.parse(pipeline), blockId, seedIndex };
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    return this.texts.get(uri.toString()) ?? (await this.update(uri));
  }

  private openPreviews(): vscode.Uri[] {
    return vscode.workspace.textDocuments.filter((d) => d.uri.scheme === PREVIEW_SCHEME).map((d) => d.uri);
  }

  /** Renders the open previews of `pipeline` again (after its edits, a new seed file, or a finished try). */
  refreshPipeline(pipeline: vscode.Uri): void {
    const key = pipeline.toString();
    for (const uri of this.openPreviews()) if (PromptPreviewProvider.targetOf(uri)?.pipeline.toString() === key) this.schedule(uri);
  }

  private schedule(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    const start = Date.now();
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.update(uri).then(() => {
          this.lastUpdateMs = Date.now() - start;
          this.services.log.debug(`Prompt preview updated ${this.lastUpdateMs} ms after the change (${DEBOUNCE_MS} ms debounce)`);
          this.changed.fire(uri);
        });
      }, DEBOUNCE_MS),
    );
  }

  /** Renders the preview again; an update overtaken by a newer one leaves the newer one's text. */
  private async update(uri: vscode.Uri): Promise<string> {
    const key = uri.toString();
    const generation = (this.generations.get(key) ?? 0) + 1;
    this.generations.set(key, generation);
    const text = await this.render(uri);
    if (this.generations.get(key) === generation) this.texts.set(key, text);
    return this.texts.get(key) ?? text;
  }

  private async render(uri: vscode.Uri): Promise<string> {
    const target = PromptPreviewProvider.targetOf(uri);
    if (!target) return 'This preview link does not name a pipeline, block and seed.\n';
    const pipelineFile = relativePath(target.pipeline);
    const seedUri = associatedSeedFile(this.services.context.workspaceState, target.pipeline);
    if (!seedUri) return `${pipelineFile} has no seed file yet: run DataGenFlow: Choose Seed File for Pipeline, then preview again.\n`;
    const seedFile = relativePath(seedUri);
    try {
      const [text, parsed] = await Promise.all([readText(target.pipeline), this.seedFiles.seeds(seedUri)]);
      const seed = parsed.seeds.at(target.seedIndex);
      if (!seed) return `${seedFile} has ${parsed.seeds.length} usable seed(s): there is no seed ${target.seedIndex + 1}.\n`;
      const previous = this.previousOutputs?.(target.pipeline);
      const preview = await previewPrompts({
        text,
        blockId: target.blockId,
        seed,
        seedIndex: target.seedIndex,
        registry: this.services.registry(),
        renderer: this.rendererFor(),
        ...(previous ? { previous } : {}),
      });
      return previewText(preview, { pipelineFile, seedFile, seedCount: parsed.seeds.length, seedLabel: seedLabel(seed.metadata) });
    } catch (e) {
      if (!(e instanceof DgfError)) this.services.log.error(`Preview of ${pipelineFile} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return `Preview of block ${target.blockId} in ${pipelineFile} (seed ${target.seedIndex + 1} of ${seedFile}) is not available:\n${e instanceof Error ? e.message : String(e)}\n`;
    }
  }

  private rendererFor(): TemplateRenderer {
    this.renderer ??= new TemplateRenderer({ limits: readSettings(workspaceFolder()).templates, workers: 1 });
    return this.renderer;
  }

  dispose(): void {
    this.timers.forEach((t) => clearTimeout(t));
    void this.renderer?.close();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
