// Runs the pipeline editor's effects against the host; the host and the clock come in as arguments (tests).
import type { EditorEvents, EditorMethods } from '../../src/shared/editorProtocol';
import type { EffectRunner } from '../common/reducerStore';
import type { RpcClient } from '../common/rpcClient';
import type { EditorAction, EditorEffect } from './editorState';

export function createEditorEffects(client: Pick<RpcClient<EditorMethods, EditorEvents>, 'request'>, now: () => number = Date.now): EffectRunner<EditorAction, EditorEffect> {
  return (effect, dispatch) =>
    client.request('edit', { edit: effect.edit }).then(
      () => dispatch({ type: 'editApplied' }),
      (e: unknown) => dispatch({ type: 'editRefused', message: e instanceof Error ? e.message : String(e), at: now() }),
    );
}
