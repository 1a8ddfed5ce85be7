import type { BatchProgress } from './batchTypes';

/** `stage 2 waiting: 3 batches (in_progress 2, completed 1), 812/1500 requests done, 3 failed` */
export function batchProgressText(b: BatchProgress): string {
  if (b.batches === 0) return `stage ${b.stage} ${b.phase}`;
  const statuses = Object.entries(b.statuses)
    .map(([status, n]) => `${status} ${n}`)
    .join(', ');
  const failed = b.failed > 0 ? `, ${b.failed} failed` : '';
  return `stage ${b.stage} ${b.phase}: ${b.batches} batch${b.batches === 1 ? '' : 'es'}${statuses ? ` (${statuses})` : ''}, ${b.completed}/${b.requests} requests done${failed}`;
}
