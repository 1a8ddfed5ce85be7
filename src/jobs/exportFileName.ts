/** `<pipeline-slug>-job<id>-<status>.jsonl`: sorts by pipeline, then job, and says what the file holds. */
export function exportFileName(pipelineName: string, jobId: number, status: string): string {
  return `${slug(pipelineName)}-job${jobId}-${status}.jsonl`;
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
