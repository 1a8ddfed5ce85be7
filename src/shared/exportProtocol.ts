// What the Review panel's export dialog sends and gets: the formats it offers, the preview of a mapping. Imported by
// the host and the webview; the engine's types come in type-only (erased from the webview bundle).
import type { ExportFormat, MappedFormat } from '../core/export/exportFormats';

export type { ExportFormat, MappedFormat };

type Complete<All, List extends readonly All[]> = [Exclude<All, List[number]>] extends [never] ? true : false;

/** The formats the dialog offers, in its order. */
export const EXPORT_FORMAT_CHOICES = [
  { value: 'openai_chat', label: 'OpenAI chat fine-tuning (JSONL)' },
  { value: 'sharegpt', label: 'ShareGPT (JSONL)' },
  { value: 'alpaca', label: 'Alpaca (JSONL)' },
  { value: 'csv', label: 'CSV' },
  { value: 'parquet', label: 'Parquet' },
  { value: 'huggingface', label: 'Hugging Face dataset folder' },
  { value: 'jsonl', label: 'DataGenFlow JSONL (records as stored)' },
] as const satisfies readonly { value: ExportFormat; label: string }[];
const _formatsComplete: Complete<ExportFormat, (typeof EXPORT_FORMAT_CHOICES)[number]['value'][]> = true;

/** The mapping of one format as the form edits it (the value of the pipeline's `exports.<format>`). */
export type ExportMappingForm = Record<string, unknown>;

export interface ExportPreviewAnswer {
  /** The mapping in effect, every field filled in (guessed ones included): what the form shows. */
  mapping: ExportMappingForm;
  /** What the pipeline file holds for this format now; null when it has no mapping for it. */
  saved: ExportMappingForm | null;
  /** The first 3 output lines. */
  lines: string[];
  /** Records among the first looked at that cannot be mapped, with the reason. */
  unmapped: { recordId: number; seedIndex: number; reason: string }[];
  /** The mapping is malformed: why (nothing can be exported with it). */
  error?: string;
  /** The pipeline file the mapping is saved in, relative to the workspace. */
  pipelinePath: string;
}

export interface ExportDone {
  count: number;
  path: string;
  unmapped: number;
}
