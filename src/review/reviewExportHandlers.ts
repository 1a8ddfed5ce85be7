// The Review panel's export dialog requests: params checked (a webview is untrusted), then answered by the host's
// export actions. Free of the VS Code API, as reviewHandlers is.
import { expectInteger, expectJson, expectObject, expectOneOf } from '../host/messageGuards';
import type { RpcHandlers } from '../host/rpcHost';
import { EXPORT_FORMAT_CHOICES, type ExportDone, type ExportFormat, type ExportMappingForm, type ExportPreviewAnswer, type MappedFormat } from '../shared/exportProtocol';
import { REVIEW_FILTERS, type ReviewFilter, type ReviewMethods } from '../shared/reviewProtocol';

export type ExportScope = ReviewFilter | 'all';

/** What the export dialog needs from the workbench: the job's records and pipeline document, the save dialog. */
export interface ReviewExportActions {
  exportPreview(jobId: number, format: MappedFormat, status: ExportScope, mapping: ExportMappingForm | null): Promise<ExportPreviewAnswer>;
  saveExportMapping(jobId: number, format: MappedFormat, mapping: ExportMappingForm): Promise<{ pipelinePath: string }>;
  exportDataset(jobId: number, format: ExportFormat, status: ExportScope, mapping: ExportMappingForm | null): Promise<ExportDone | null>;
}

const FORMATS: readonly ExportFormat[] = EXPORT_FORMAT_CHOICES.map((c) => c.value);
const MAPPED: readonly MappedFormat[] = FORMATS.filter((f): f is MappedFormat => f !== 'jsonl');
const SCOPES: readonly ExportScope[] = ['all', ...REVIEW_FILTERS];

type ExportMethods = Pick<RpcHandlers<ReviewMethods>, 'exportPreview' | 'saveExportMapping' | 'exportDataset'>;

export function createReviewExportHandlers(actions: ReviewExportActions | undefined): ExportMethods {
  const available = (): ReviewExportActions => {
    if (!actions) throw new Error('Export is not available in this panel.');
    return actions;
  };
  return {
    exportPreview: {
      parse: (p) => {
        const o = expectObject(p, 'params');
        return { jobId: jobIdOf(o), format: expectOneOf(o.format, MAPPED, 'params.format'), status: expectOneOf(o.status, SCOPES, 'params.status'), mapping: mappingOf(o.mapping) };
      },
      handle: ({ jobId, format, status, mapping }) => available().exportPreview(jobId, format, status, mapping),
    },
    saveExportMapping: {
      parse: (p) => {
        const o = expectObject(p, 'params');
        return { jobId: jobIdOf(o), format: expectOneOf(o.format, MAPPED, 'params.format'), mapping: expectJson(expectObject(o.mapping, 'params.mapping'), 'params.mapping') as ExportMappingForm };
      },
      handle: ({ jobId, format, mapping }) => available().saveExportMapping(jobId, format, mapping),
    },
    exportDataset: {
      parse: (p) => {
        const o = expectObject(p, 'params');
        return { jobId: jobIdOf(o), format: expectOneOf(o.format, FORMATS, 'params.format'), status: expectOneOf(o.status, SCOPES, 'params.status'), mapping: mappingOf(o.mapping) };
      },
      handle: ({ jobId, format, status, mapping }) => available().exportDataset(jobId, format, status, mapping),
    },
  };
}

function jobIdOf(o: Record<string, unknown>): number {
  return expectInteger(o.jobId, 'params.jobId', 1);
}

function mappingOf(value: unknown): ExportMappingForm | null {
  return value === null ? null : (expectJson(expectObject(value, 'params.mapping'), 'params.mapping') as ExportMappingForm);
}
