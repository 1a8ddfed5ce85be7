import * as vscode from 'vscode';
import type { Services } from '../host/services';
import { CanvasSeedFiles } from './canvasSeedFiles';
import { EditorRecord, EditorSession, type EditorSessions } from './editorSessions';
import { PipelineCanvas } from './pipelineCanvas';

export const PIPELINE_EDITOR_VIEW_TYPE = 'datagenflow.pipelineEditor';

/** The canvas editor for *.dgf.json: one PipelineCanvas per editor panel (a file may have several). */
export class PipelineEditorProvider implements vscode.CustomTextEditorProvider {
  /** Seed files read for every canvas of the window (fields for completion, seeds for the plan). */
  private readonly seedFiles = new CanvasSeedFiles();

  /** `sessions` (ExtensionMode.Test only): every canvas is recorded there for the integration tests. */
  constructor(
    private readonly services: Services,
    private readonly sessions?: EditorSessions,
  ) {}

  static register(services: Services, sessions?: EditorSessions): vscode.Disposable {
    const provider = new PipelineEditorProvider(services, sessions);
    return vscode.Disposable.from(vscode.window.registerCustomEditorProvider(PIPELINE_EDITOR_VIEW_TYPE, provider, { supportsMultipleEditorsPerDocument: true }), provider.seedFiles);
  }

  resolveCustomTextEditor(document: vscode.TextDocument, panel: vscode.WebviewPanel): void {
    if (!this.sessions) {
      new PipelineCanvas(document, panel, this.services, this.seedFiles);
      return;
    }
    const record = new EditorRecord();
    const canvas = new PipelineCanvas(document, panel, this.services, this.seedFiles, record);
    const remove = this.sessions.add(new EditorSession(canvas, record));
    canvas.track({ dispose: remove });
  }
}
