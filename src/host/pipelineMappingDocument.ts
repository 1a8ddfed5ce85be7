import * as vscode from 'vscode';
import type { MappedFormat } from '../core/export/exportFormats';
import { jobMappings, type JobMappings } from '../core/export/pipelineMappings';
import { setExportMapping } from '../core/pipeline/exportMappingEdit';
import type { JobDetail, JobRow } from '../core/store/storeTypes';
import { workspaceFolder } from './hostSettings';

/** The pipeline file of a job (its path is relative to the workspace folder when it is inside it). */
export function jobPipelineUri(job: JobRow): vscode.Uri {
  const folder = workspaceFolder();
  const absolute = job.pipelinePath.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(job.pipelinePath);
  return absolute || !folder ? vscode.Uri.file(job.pipelinePath) : vscode.Uri.joinPath(folder.uri, job.pipelinePath);
}

/**
 * The export mappings of a job: its pipeline's TextDocument as it is now (open and unsaved edits included: the
 * document is the truth), or the job's snapshot when the file is gone.
 */
export async function readJobMappings(job: JobDetail): Promise<JobMappings> {
  const text = await Promise.resolve(vscode.workspace.openTextDocument(jobPipelineUri(job))).then(
    (d) => d.getText(),
    () => undefined,
  );
  return jobMappings(job, text);
}

/**
 * Writes `exports.<format>` into the job's pipeline through its TextDocument (a WorkspaceEdit: undo, dirty state
 * and the canvas follow). A document without unsaved changes is saved again, so the file on disk (what the CLI
 * reads) has the mapping; one with unsaved changes is left for the user to save.
 */
export async function saveExportMapping(job: JobRow, format: MappedFormat, mapping: Record<string, unknown>): Promise<vscode.Uri> {
  const uri = jobPipelineUri(job);
  const document = await vscode.workspace.openTextDocument(uri);
  const wasDirty = document.isDirty;
  const { changes } = setExportMapping(document.getText(), format, mapping);
  if (changes.length === 0) return uri;
  const edit = new vscode.WorkspaceEdit();
  for (const c of changes) edit.replace(uri, new vscode.Range(document.positionAt(c.offset), document.positionAt(c.offset + c.length)), c.content);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`Could not edit ${vscode.workspace.asRelativePath(uri)}.`);
  if (!wasDirty) await document.save();
  return uri;
}
