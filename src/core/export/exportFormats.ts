/** The formats a job can be exported to. `jsonl` is DataGenFlow's own record lines (id, metadata, status, …). */
export const EXPORT_FORMATS = ['jsonl', 'openai_chat', 'alpaca', 'sharegpt', 'csv', 'parquet', 'huggingface'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Formats whose records are mapped field by field (everything but DataGenFlow's own JSONL). */
export type MappedFormat = Exclude<ExportFormat, 'jsonl'>;

export interface ExportFormatInfo {
  label: string;
  /** File extension of the target; undefined: the target is a folder. */
  extension?: string;
  description: string;
}

export const EXPORT_FORMAT_INFO: Record<ExportFormat, ExportFormatInfo> = {
  jsonl: { label: 'DataGenFlow JSONL', extension: 'jsonl', description: 'one record per line: id, metadata, status, accumulated_state, dates' },
  openai_chat: { label: 'OpenAI chat fine-tuning (JSONL)', extension: 'jsonl', description: '{"messages": [{role, content}, …]} per line, optional system message' },
  alpaca: { label: 'Alpaca (JSONL)', extension: 'jsonl', description: '{"instruction", "input", "output"} per line' },
  sharegpt: { label: 'ShareGPT (JSONL)', extension: 'jsonl', description: '{"conversations": [{from: human|gpt|system, value}, …]} per line' },
  csv: { label: 'CSV', extension: 'csv', description: 'one row per record, nested values as JSON text' },
  parquet: { label: 'Parquet', extension: 'parquet', description: 'one row per record, nested fields as nested columns' },
  huggingface: { label: 'Hugging Face dataset folder', description: 'data/{train,validation,test}-*.parquet split by a seeded ratio, and a README.md dataset card' },
};

export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value);
}
