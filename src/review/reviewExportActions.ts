import * as vscode from 'vscode';
import type { DatasetExportResult } from '../core/export/exportDataset';
import { ExportMappingError } from '../core/export/exportErrors';
import { exportPreview } from '../core/export/exportPreview';
import type { MappedFormat } from '../core/export/exportFormats';
import type { ResolvedMapping } from '../core/export/recordMapper';
import { huggingFaceOptions, type HuggingFaceOptions } from '../core/export/resolveMapping';
import { isJsonObject } from '../core/json/jsonPath';
import type { Services } from '../host/services';
import { jobPipelineUri, readJobMappings, saveExportMapping } from '../host/pipelineMappingDocument';
import type { ExportMappingForm } from '../shared/exportProtocol';
import type { ReviewExportActions } from './reviewExportHandlers';
import type { ReviewDialogs } from './reviewHostActions';

/**
 * The export dialog's workbench side: previews read the job's records and its pipeline's TextDocument, Save writes
 * the mapping there (WorkspaceEdit), Export runs DataGenFlow: Export Dataset As… with the form's mapping.
 */
export function reviewExportActions(services: Services, dialogs: ReviewDialogs): ReviewExportActions {
  const jobOf = async (jobId: number) => {
    const opened = await services.store.get();
    const job = opened.store.getJob(jobId);
    if (!job) throw new Error(`Job #${jobId} no longer exists.`);
    return { opened, job };
  };
  /** The pipeline's `exports` with this format's mapping replaced by the form's (when given). */
  const mappingsWith = (saved: unknown, format: MappedFormat, mapping: ExportMappingForm | null): unknown =>
    mapping === null ? saved : { ...(isJsonObject(saved) ? saved : {}), [format]: mapping };
  return {
    async exportPreview(jobId, format, status, mapping) {
      const { opened, job } = await jobOf(jobId);
      const { mappings: saved } = await readJobMappings(job);
      const savedEntry = isJsonObject(saved) && isJsonObject(saved[format]) ? saved[format] : null;
      const mappings = mappingsWith(saved, format, mapping);
      const pipelinePath = vscode.workspace.asRelativePath(jobPipelineUri(job));
      try {
        const preview = await exportPreview(opened.store, { jobId, format, ...(status === 'all' ? {} : { status }), mappings });
        const form = formOf(preview.mapping, format === 'huggingface' ? huggingFaceOptions(mappings) : undefined);
        return { mapping: form, saved: savedEntry, lines: preview.lines, unmapped: preview.unmapped.map(({ recordId, seedIndex, reason }) => ({ recordId, seedIndex, reason })), pipelinePath };
      } catch (e) {
        if (!(e instanceof ExportMappingError)) throw e;
        return { mapping: mapping ?? savedEntry ?? {}, saved: savedEntry, lines: [], unmapped: [], error: e.message, pipelinePath };
      }
    },
    async saveExportMapping(jobId, format, mapping) {
      const { job } = await jobOf(jobId);
      const uri = await saveExportMapping(job, format, mapping);
      services.log.info(`Saved the ${format} export mapping of ${vscode.workspace.asRelativePath(uri)}`);
      return { pipelinePath: vscode.workspace.asRelativePath(uri) };
    },
    async exportDataset(jobId, format, status, mapping) {
      const { job } = await jobOf(jobId);
      const mappings = format === 'jsonl' || mapping === null ? undefined : mappingsWith((await readJobMappings(job)).mappings, format, mapping);
      const uri = dialogs.exportUri?.(jobId, format);
      const result = await vscode.commands.executeCommand<DatasetExportResult | undefined>('datagenflow.exportDataset', jobId, {
        format,
        status,
        ...(mappings !== undefined ? { mappings } : {}),
        ...(uri ? { uri } : {}),
      });
      return result ? { count: result.count, path: vscode.workspace.asRelativePath(result.path), unmapped: result.unmappedCount } : null;
    },
  };
}

/** The mapping in effect as the form edits it: the value `exports.<format>` would hold. */
function formOf(mapping: ResolvedMapping, hf: HuggingFaceOptions | undefined): ExportMappingForm {
  if (mapping.format === 'openai_chat' || mapping.format === 'sharegpt') return { ...mapping.chat };
  if (mapping.format === 'alpaca') return { ...mapping.alpaca };
  if (mapping.format !== 'csv' && mapping.format !== 'parquet' && mapping.format !== 'huggingface') return {};
  const form: ExportMappingForm = { columns: { ...mapping.columns } };
  if (hf) Object.assign(form, { splits: hf.splits, seed: hf.seed, license: hf.license, ...(hf.prettyName ? { pretty_name: hf.prettyName } : {}) });
  return form;
}
