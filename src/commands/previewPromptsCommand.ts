import * as vscode from 'vscode';
import { parseJsonDocument } from '../core/json/parseJsonDocument';
import { readPipelineShape } from '../core/pipeline/pipelineShape';
import { blockAtOffset } from '../core/preview/blockSource';
import { seedLabel } from '../core/preview/previewText';
import { associatedSeedFile } from '../host/seedAssociation';
import type { Services } from '../host/services';
import { readText, relativePath } from '../host/workspaceFiles';
import { PromptPreviewProvider } from '../language/promptPreviewProvider';
import { pickPipeline } from './pickFiles';

/** Seeds offered in the pick: the first ones of the file (a seed index argument reaches any). */
const PICKED_SEEDS = 200;

/**
 * DataGenFlow: Preview Prompts — asks for a block (the one at the cursor first) and a seed of the pipeline's seed
 * file, then opens beside the editor a read-only document with the exact prompts and json_schema that block would
 * send for that seed, following the pipeline's edits. Arguments (pipeline, block id, seed index) skip the picks.
 * Returns the preview document.
 */
export async function previewPromptsCommand(
  services: Services,
  provider: PromptPreviewProvider,
  pipelineArg?: unknown,
  blockArg?: unknown,
  seedArg?: unknown,
): Promise<vscode.TextDocument | undefined> {
  const pipeline = await pickPipeline(pipelineArg, 'Pipeline whose prompts to preview');
  if (!pipeline) return undefined;
  const blockId = typeof blockArg === 'string' ? blockArg : await pickBlock(pipeline);
  if (blockId === undefined) return undefined;
  let seedUri = associatedSeedFile(services.context.workspaceState, pipeline);
  if (!seedUri) {
    await vscode.commands.executeCommand('datagenflow.chooseSeedFile', pipeline);
    seedUri = associatedSeedFile(services.context.workspaceState, pipeline);
    if (!seedUri) return undefined;
  }
  const seedIndex = typeof seedArg === 'number' && Number.isInteger(seedArg) && seedArg >= 0 ? seedArg : await pickSeed(provider, seedUri);
  if (seedIndex === undefined) return undefined;
  const document = await vscode.workspace.openTextDocument(PromptPreviewProvider.uriFor({ pipeline, blockId, seedIndex }));
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false, preserveFocus: true });
  return document;
}

async function pickBlock(pipeline: vscode.Uri): Promise<string | undefined> {
  const text = await readText(pipeline);
  const blocks = readPipelineShape(parseJsonDocument(text).value).blocks;
  if (blocks.length === 0) {
    void vscode.window.showWarningMessage(`${relativePath(pipeline)} has no blocks to preview (or is not valid JSON yet).`);
    return undefined;
  }
  const editor = vscode.window.activeTextEditor;
  const atCursor = editor?.document.uri.toString() === pipeline.toString() ? blockAtOffset(text, editor.document.offsetAt(editor.selection.active)) : undefined;
  const items = blocks.map((b) => ({
    label: typeof b.spec.name === 'string' && b.spec.name !== '' ? b.spec.name : b.id,
    description: [b.type, b.id === atCursor ? 'at the cursor' : undefined].filter(Boolean).join(' · '),
    id: b.id,
  }));
  items.sort((a, b) => Number(b.id === atCursor) - Number(a.id === atCursor));
  return (await vscode.window.showQuickPick(items, { placeHolder: `Block of ${relativePath(pipeline)} whose prompts to preview` }))?.id;
}

async function pickSeed(provider: PromptPreviewProvider, seedUri: vscode.Uri): Promise<number | undefined> {
  const parsed = await provider.seedFiles.seeds(seedUri);
  if (parsed.seeds.length === 0) {
    void vscode.window.showWarningMessage(`${relativePath(seedUri)} has no usable seeds: run DataGenFlow: Verify Seeds to see why.`);
    return undefined;
  }
  const items = [];
  for (let i = 0; i < Math.min(parsed.seeds.length, PICKED_SEEDS); i++) {
    const seed = parsed.seeds.at(i);
    items.push({ label: `Seed ${i + 1}`, description: seed ? seedLabel(seed.metadata) : '', index: i });
  }
  const more = parsed.seeds.length > PICKED_SEEDS ? ` (the first ${PICKED_SEEDS} of ${parsed.seeds.length})` : '';
  return (await vscode.window.showQuickPick(items, { placeHolder: `Seed of ${relativePath(seedUri)} to preview with${more}`, matchOnDescription: true }))?.index;
}
