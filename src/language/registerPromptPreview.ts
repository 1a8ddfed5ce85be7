import * as vscode from 'vscode';
import { previewPromptsCommand } from '../commands/previewPromptsCommand';
import type { Services } from '../host/services';
import { PREVIEW_SCHEME, PromptPreviewProvider } from './promptPreviewProvider';

/** DataGenFlow: Preview Prompts and its read-only documents; the provider is returned for the try store to feed. */
export function registerPromptPreview(services: Services): { provider: PromptPreviewProvider; disposables: vscode.Disposable[] } {
  const provider = new PromptPreviewProvider(services);
  return {
    provider,
    disposables: [
      provider,
      vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, provider),
      vscode.commands.registerCommand('datagenflow.previewPrompts', (pipeline?: unknown, blockId?: unknown, seedIndex?: unknown) =>
        previewPromptsCommand(services, provider, pipeline, blockId, seedIndex),
      ),
    ],
  };
}
