import type { TryRecord } from '../core/try/tryTypes';
import type { EditorBlockTry, EditorTryResults } from '../shared/editorProtocol';

/** Characters of a block's output a node shows. */
const OUTPUT_CHARS = 160;

/** A try as the canvas nodes show it: per block its figures, its output in one short line, its error. */
export function canvasTryResults(record: TryRecord, runningBlock?: string): EditorTryResults {
  const blocks: Record<string, EditorBlockTry> = {};
  for (const b of record.blocks) {
    const tokens = b.usage ? ` · ${b.usage.input_tokens} → ${b.usage.output_tokens} tokens` : '';
    blocks[b.blockId] = {
      figures: `${seconds(b.durationMs)}${tokens}${b.reused ? ' · reused' : ''}`,
      ...(b.output ? { output: short(b.output) } : {}),
      ...(b.error ? { error: b.error.line !== undefined && b.error.field ? `${b.error.field}, line ${b.error.line}: ${b.error.message}` : b.error.message } : {}),
    };
  }
  return { tryId: record.id, seedLabel: record.seedLabel, status: record.status, ...(runningBlock ? { runningBlock } : {}), blocks };
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function short(output: Record<string, unknown>): string {
  const text = Object.entries(output)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ')
    .replace(/\s+/g, ' ');
  return text.length > OUTPUT_CHARS ? `${text.slice(0, OUTPUT_CHARS - 1)}…` : text;
}
