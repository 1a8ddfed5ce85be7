/** `<pipeline-slug>-job<id>-<status>.jsonl`: sorts by pipeline, then job, and says what the file holds. */
export function exportFileName(pipelineName: string, jobId: number, status: string): string {
  return `${slug(pipelineName)}-job${jobId}-${status}.jsonl`;
}

/**
 * The default target of an export in another format: `<pipeline-slug>-job<id>-<status>-<format>.<ext>`, or without an
 * extension for a folder (the Hugging Face dataset). DataGenFlow's own JSONL keeps exportFileName's name.
 */
export function datasetExportName(pipelineName: string, jobId: number, status: string, format: string, extension: string | undefined): string {
  if (format === 'jsonl') return exportFileName(pipelineName, jobId, status);
  const base = `${slug(pipelineName)}-job${jobId}-${status}-${format.replace(/_/g, '-')}`;
  return extension ? `${base}.${extension}` : base;
}

/** Lower-case ASCII words joined by dashes ("Q&A: Café" → "q-a-cafe"), so the name is safe on every platform. */
export function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s.slice(0, 60).replace(/-+$/, '') || 'pipeline';
}
