import * as vscode from 'vscode';
import type { WebviewController } from '../host/webviewController';
import { openWebviewApp } from '../host/webviewSetup';
import type { Services } from '../host/services';
import { relativePath } from '../host/workspaceFiles';
import type { TryEvents, TryMethods, TryPipelineView } from '../shared/tryProtocol';
import { createTryHandlers } from './tryHandlers';
import type { TryService, TryUpdate } from './tryService';

/** What the panel pushed to its webview, for the integration tests (ExtensionMode.Test only). */
export type TryPanelProbe = (event: keyof TryEvents, payload: TryEvents[keyof TryEvents]) => void;

/**
 * The Try panel: the pipeline's running try (each block's output, duration and tokens as it arrives, the trace,
 * errors at their block and template line) and its last few tries to compare. One panel, beside the editor; it
 * shows the pipeline tried last.
 */
export class TryPanel {
  private readonly view: WebviewController<TryMethods, TryEvents>;
  private runningBlock: string | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private pipeline: vscode.Uri,
    private readonly services: Services,
    private readonly tries: TryService,
    private readonly options: { probe?: TryPanelProbe; /** Each `state` the webview was answered (tests). */ stateProbe?: (view: TryPipelineView) => void; onDispose(): void },
  ) {
    panel.iconPath = vscode.Uri.joinPath(services.context.extensionUri, 'media', 'datagenflow.svg');
    this.view = openWebviewApp<TryMethods, TryEvents>(panel, services, {
      app: 'try',
      title: 'DataGenFlow Try',
      handlers: createTryHandlers({
        state: async () => {
          const view = await this.state();
          this.options.stateProbe?.(view);
          return view;
        },
        tryAgain: async (seedIndex, chunkIndex) => {
          void vscode.commands.executeCommand('datagenflow.trySeed', this.pipeline, seedIndex, chunkIndex === undefined ? undefined : { index: chunkIndex });
        },
        cancel: () => void this.tries.cancel(this.pipeline),
        goToSource: async (blockId) => {
          await vscode.commands.executeCommand('datagenflow.goToBlockSource', this.pipeline, blockId);
        },
      }),
      describeError: (e) => ({ message: e instanceof Error ? e.message : String(e) }),
      onDispose: () => options.onDispose(),
    });
    this.view.track(tries.onDidUpdate((u) => this.update(u)));
  }

  get shownPipeline(): vscode.Uri {
    return this.pipeline;
  }

  /** Shows another pipeline's tries. */
  async show(pipeline: vscode.Uri): Promise<void> {
    if (pipeline.toString() !== this.pipeline.toString()) {
      this.pipeline = pipeline;
      this.runningBlock = undefined;
      this.panel.title = `Try: ${relativePath(pipeline)}`;
      this.emit('pipeline', await this.state());
    }
    this.panel.reveal(vscode.ViewColumn.Beside, true);
  }

  dispose(): void {
    this.view.dispose();
  }

  private async state(): Promise<TryPipelineView> {
    return { pipeline: relativePath(this.pipeline), tries: await this.tries.tries(this.pipeline), ...(this.runningBlock ? { runningBlock: this.runningBlock } : {}) };
  }

  private update({ pipeline, event }: TryUpdate): void {
    if (pipeline.toString() !== this.pipeline.toString()) return;
    const path = relativePath(pipeline);
    switch (event.type) {
      case 'started':
        this.runningBlock = undefined;
        return this.emit('tryStarted', { pipeline: path, record: event.record });
      case 'blockStarted':
        this.runningBlock = event.blockId;
        return this.emit('blockStarted', { pipeline: path, tryId: event.tryId, blockId: event.blockId });
      case 'block':
        return this.emit('blockDone', { pipeline: path, tryId: event.tryId, block: event.block });
      case 'finished':
        this.runningBlock = undefined;
        return this.emit('tryFinished', { pipeline: path, record: event.record });
    }
  }

  private emit<K extends keyof TryEvents & string>(event: K, payload: TryEvents[K]): void {
    this.view.emit(event, payload);
    this.options.probe?.(event, payload);
  }
}
