import { batchProgressText } from '../core/batch/batchProgressText';
import type { RunProgress } from '../core/run/runTypes';

/**
 * "seed 5/10 · Ask the question · 40 ok · 2 failed · 0:12" — the notification's and status bar's text; a resumed job
 * adds "· 32 already done" (ok and failed count this run).
 */
export function progressMessage(p: RunProgress): string {
  const parts = [`seed ${p.currentSeed}/${p.totalSeeds}`];
  if (p.currentBlock) parts.push(p.currentBlock);
  if (p.batch) parts.push(batchProgressText(p.batch));
  parts.push(`${p.succeeded} ok`, `${p.failed} failed`);
  if (p.skipped > 0) parts.push(`${p.skipped} already done`);
  parts.push(elapsed(p.elapsedMs));
  return parts.join(' · ');
}

export function percentDone(p: RunProgress): number {
  return p.total > 0 ? Math.min(100, Math.floor(((p.skipped + p.succeeded + p.failed) / p.total) * 100)) : 0;
}

export function elapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}
