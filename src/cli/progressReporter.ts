import { batchProgressText } from '../core/batch/batchProgressText';
import type { RunProgress } from '../core/run/runTypes';

/** Progress on stderr: a redrawn bar on a TTY, a plain line every few seconds otherwise (logs, CI). */
export class ProgressReporter {
  private lastDraw = 0;
  private latest?: RunProgress;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly interactive = Boolean(stream.isTTY),
    private readonly intervalMs = interactive ? 100 : 5000,
  ) {}

  update(p: RunProgress): void {
    this.latest = p;
    const now = Date.now();
    if (now - this.lastDraw < this.intervalMs) return;
    this.lastDraw = now;
    this.draw(p);
  }

  finish(): void {
    if (this.latest) this.draw(this.latest);
    if (this.interactive) this.stream.write('\n');
  }

  private draw(p: RunProgress): void {
    const line = formatProgress(p);
    if (this.interactive) {
      const width = 24;
      const ratio = p.total > 0 ? (p.skipped + p.succeeded + p.failed) / p.total : 0;
      const filled = Math.round(ratio * width);
      this.stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${line}\x1b[K`);
    } else {
      this.stream.write(`${line}\n`);
    }
  }
}

function formatProgress(p: RunProgress): string {
  const done = p.skipped + p.succeeded + p.failed;
  const pct = p.total > 0 ? Math.floor((done / p.total) * 100) : 0;
  const secs = Math.floor(p.elapsedMs / 1000);
  const elapsed = `${Math.floor(secs / 60)}m${String(secs % 60).padStart(2, '0')}s`;
  const block = p.currentBlock ? ` · ${p.currentBlock}` : '';
  const batch = p.batch ? ` · ${batchProgressText(p.batch)}` : '';
  return `${pct}% ${done}/${p.total} · seed ${p.currentSeed}/${p.totalSeeds}${block}${batch} · ok ${p.succeeded} · failed ${p.failed} · ${elapsed}`;
}
