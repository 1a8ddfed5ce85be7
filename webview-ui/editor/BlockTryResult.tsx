import './blockTry.css';
import { useSyncExternalStore } from 'react';
import type { EditorBlockTry } from '../../src/shared/editorProtocol';
import { Codicon } from '../common/toolkit';
import { editorStore } from './editorClient';

/** This block's part of the last try: read from the store alone, so only its own node draws again when it changes. */
function useBlockTry(blockId: string): { result?: EditorBlockTry; running: boolean; seedLabel?: string } {
  const result = useSyncExternalStore(editorStore.subscribe, () => editorStore.getState().tryResults?.blocks[blockId]);
  const running = useSyncExternalStore(editorStore.subscribe, () => {
    const t = editorStore.getState().tryResults;
    return t?.status === 'running' && t.runningBlock === blockId;
  });
  const seedLabel = useSyncExternalStore(editorStore.subscribe, () => editorStore.getState().tryResults?.seedLabel);
  return { result, running, seedLabel };
}

/** The block's output, duration and tokens in the pipeline's last try (or that it is running now). */
export function BlockTryResult({ blockId }: { blockId: string }) {
  const { result, running, seedLabel } = useBlockTry(blockId);
  if (running) {
    return (
      <div className="dgf-block-try muted" data-testid={`try-${blockId}`}>
        <Codicon name="loading" className="codicon-modifier-spin" /> trying {seedLabel}…
      </div>
    );
  }
  if (!result) return null;
  return (
    <div className={`dgf-block-try${result.error ? ' error-text' : ''}`} data-testid={`try-${blockId}`} title={`Last try (${seedLabel ?? ''}): ${result.error ?? result.output ?? ''}`}>
      <div className="muted">
        <Codicon name={result.error ? 'error' : 'beaker'} /> {result.figures}
      </div>
      <div className="dgf-block-try-output mono">{result.error ?? result.output}</div>
    </div>
  );
}
