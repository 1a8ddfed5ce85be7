import assert from 'node:assert/strict';
import { EDITOR_ERROR, type EditorEdit, type EditorEvents, type EditorMethods, type EditorSnapshot } from '../../../src/shared/editorProtocol';
import { type MethodName, type ParamsOf, type ResultOf, RpcRequestError } from '../../../src/shared/rpc';
import { createReducerStore } from '../../../webview-ui/common/reducerStore';
import type { RpcClient } from '../../../webview-ui/common/rpcClient';
import { createEditorEffects } from '../../../webview-ui/editor/editorEffects';
import { reduceEditor, type EditorAction, type EditorState } from '../../../webview-ui/editor/editorState';

function snapshot(version: number, fileName = '/w/a.dgf.json'): EditorSnapshot {
  return { version, fileName, problems: [], available: {}, seedFields: [] };
}

function run(actions: EditorAction[], from: EditorState = {}): EditorState {
  return actions.reduce((s, a) => reduceEditor(s, a).state, from);
}

describe('Editor state (reducer, no browser)', () => {
  it('keeps the newest snapshot of the file: one posted earlier and arriving late is ignored; another file’s replaces it', () => {
    assert.equal(run([{ type: 'snapshot', snapshot: snapshot(3) }, { type: 'snapshot', snapshot: snapshot(2) }]).snapshot?.version, 3);
    assert.equal(run([{ type: 'snapshot', snapshot: snapshot(3) }, { type: 'snapshot', snapshot: snapshot(3) }, { type: 'snapshot', snapshot: snapshot(4) }]).snapshot?.version, 4);
    const moved = run([{ type: 'snapshot', snapshot: snapshot(9) }, { type: 'snapshot', snapshot: snapshot(1, '/w/b.dgf.json') }]).snapshot;
    assert.deepEqual([moved?.fileName, moved?.version], ['/w/b.dgf.json', 1]);
  });

  it('an edit goes to the host; a refusal shows until the next edit goes through or the user dismisses it', () => {
    const edit: EditorEdit = { kind: 'connect', source: 'a', target: 'b' };
    const sent = reduceEditor({}, { type: 'edit', edit });
    assert.deepEqual(sent.effects, [{ kind: 'edit', edit }]);
    assert.deepEqual(sent.state, {}, 'nothing changes before the host answers');
    const refused = run([{ type: 'editRefused', message: 'Remove the connection a → b first.', at: 1 }]);
    assert.deepEqual(refused.notice, { message: 'Remove the connection a → b first.', at: 1 });
    assert.deepEqual(run([{ type: 'editRefused', message: 'again', at: 2 }], refused).notice, { message: 'again', at: 2 });
    assert.equal(run([{ type: 'editApplied' }], refused).notice, undefined);
    assert.equal(run([{ type: 'dismissNotice' }], refused).notice, undefined);
    // Nothing to clear: the same state, so no render.
    const quiet: EditorState = { snapshot: snapshot(1) };
    assert.equal(reduceEditor(quiet, { type: 'editApplied' }).state, quiet);
  });
});

describe('Editor state: seed file, plan and fields (reducer, no browser)', () => {
  it('keeps the seed file and the latest plan as the host sends them', () => {
    const chosen = run([{ type: 'seedFile', seedFile: {} }, { type: 'seedFile', seedFile: { path: 'seeds/a.json' } }]);
    assert.deepEqual(chosen.seedFile, { path: 'seeds/a.json' });
    const planned = run([
      { type: 'plan', plan: { state: 'planning', seedFile: 'seeds/a.json' } },
      { type: 'plan', plan: { state: 'ready', seedFile: 'seeds/a.json', summary: '~3 calls · ~900 tokens', details: ['gen'] } },
    ]);
    assert.deepEqual(planned.plan, { state: 'ready', seedFile: 'seeds/a.json', summary: '~3 calls · ~900 tokens', details: ['gen'] });
    assert.deepEqual(run([{ type: 'plan', plan: { state: 'unavailable', reason: 'no' } }], planned).plan, { state: 'unavailable', reason: 'no' });
    assert.equal(run([{ type: 'seedFile', seedFile: {} }], planned).plan, planned.plan, 'the host sends the next plan itself');
  });

  it('keeps the fields of the newest document version: fields of an older version arriving late are ignored', () => {
    const f = (version: number, name: string) => ({ version, blocks: { gen: [{ name, origin: 'seed field · s.json' }] } });
    const state = run([{ type: 'fields', fields: f(4, 'topic') }, { type: 'fields', fields: f(3, 'old') }]);
    assert.deepEqual(state.fields, f(4, 'topic'));
    assert.deepEqual(run([{ type: 'fields', fields: f(4, 'same') }, { type: 'fields', fields: f(5, 'mood') }], state).fields, f(5, 'mood'));
  });
});

describe('Editor store (no browser)', () => {
  it('runs an edit against the host: the refusal’s reason shows, the next applied edit clears it; subscribers hear each change once', async () => {
    const answers: ((edit: EditorEdit) => Promise<{ version: number }>)[] = [
      async () => {
        throw new RpcRequestError('Remove the connection a → b first.', EDITOR_ERROR.ConnectionRefused);
      },
      async () => ({ version: 5 }),
    ];
    const sent: EditorEdit[] = [];
    const client: Pick<RpcClient<EditorMethods, EditorEvents>, 'request'> = {
      async request<K extends MethodName<EditorMethods>>(method: K, params: ParamsOf<EditorMethods, K>): Promise<ResultOf<EditorMethods, K>> {
        assert.equal(method, 'edit');
        const { edit } = params as ParamsOf<EditorMethods, 'edit'>;
        sent.push(edit);
        return (await answers[sent.length - 1](edit)) as ResultOf<EditorMethods, K>;
      },
    };
    const store = createReducerStore(reduceEditor, {}, createEditorEffects(client, () => 42));
    let changes = 0;
    store.subscribe(() => changes++);
    await store.dispatch({ type: 'snapshot', snapshot: snapshot(4) });
    assert.equal(changes, 1);
    await store.dispatch({ type: 'edit', edit: { kind: 'connect', source: 'a', target: 'b' } });
    assert.deepEqual(store.getState().notice, { message: 'Remove the connection a → b first.', at: 42 });
    assert.equal(changes, 2);
    await store.dispatch({ type: 'edit', edit: { kind: 'connect', source: 'b', target: 'c' } });
    assert.equal(store.getState().notice, undefined);
    assert.equal(changes, 3);
    assert.equal(sent.length, 2);
    assert.equal(store.getState().snapshot?.version, 4, 'the document comes back as a snapshot, not in the edit reply');
  });
});
