// A pipeline a suite writes at test time into a folder of its own, its seed file chosen for it. Not kept in the
// workspace fixture: a second pipeline there would make other suites' pipeline pick ask which one (`remove` deletes
// the folder when the suite ends).
import * as vscode from 'vscode';
import { workspaceUri } from './hostTestKit';

type BlockConfig = Record<string, unknown>;

/** The text of a two-block pipeline: `question`, then `answer`, which sees the question's answer as {{ assistant }}. */
export function questionAnswerPipeline(name: string, question: BlockConfig, answer: BlockConfig): string {
  const pipeline = {
    version: 1,
    name,
    blocks: [
      { id: 'question', type: 'TextGenerator', config: question, position: { x: 0, y: 100 } },
      { id: 'answer', type: 'TextGenerator', config: answer, position: { x: 0, y: 250 } },
    ],
    edges: [
      { source: 'start', target: 'question' },
      { source: 'question', target: 'answer' },
      { source: 'answer', target: 'end' },
    ],
  };
  return `${JSON.stringify(pipeline, null, 2)}\n`;
}

export interface PipelineFixture {
  /** Writes a file into the suite's folder. */
  write(name: string, text: string): Promise<vscode.Uri>;
  /** Writes the pipeline and its seed file, and chooses the seed file for the pipeline (Choose Seed File). */
  writePipeline(pipeline: { name: string; text: string }, seeds: { name: string; text: string }): Promise<{ pipeline: vscode.Uri; seeds: vscode.Uri }>;
  /** Closes every editor and deletes the folder. */
  remove(): Promise<void>;
}

export function pipelineFixture(folderName: string): PipelineFixture {
  const folder = () => workspaceUri(folderName);
  const write = async (name: string, text: string) => {
    const uri = vscode.Uri.joinPath(folder(), name);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    return uri;
  };
  return {
    write,
    async writePipeline(pipeline, seeds) {
      const pipelineUri = await write(pipeline.name, pipeline.text);
      const seedsUri = await write(seeds.name, seeds.text);
      await vscode.commands.executeCommand('datagenflow.chooseSeedFile', pipelineUri, seedsUri);
      return { pipeline: pipelineUri, seeds: seedsUri };
    },
    async remove() {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(folder(), { recursive: true, useTrash: false });
    },
  };
}
