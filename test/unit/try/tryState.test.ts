import assert from 'node:assert/strict';
import type { TryView } from '../../../src/shared/tryProtocol';
import { initialTryState, reduceTry, shownTry, type TryAction, type TryState } from '../../../webview-ui/try/tryState';

const view = (id: string, status: TryView['status'] = 'succeeded'): TryView => ({
  id,
  pipelineName: 'p',
  seedIndex: 0,
  seedLabel: 'Seed 1',
  startedAt: new Date(0).toISOString(),
  durationMs: 1,
  status,
  input: {},
  blocks: [],
  output: null,
  usage: { input_tokens: 0, output_tokens: 0, cached_tokens: 0 },
});
const run = (state: TryState, ...actions: TryAction[]) => actions.reduce((s, a) => reduceTry(s, a).state, state);

describe('Try panel state', () => {
  it("keeps a running try when the state reply (which does not know it yet) arrives after the try's events", () => {
    const state = run(
      initialTryState,
      { type: 'loaded', view: { pipeline: 'p', tries: [view('old')] } },
      { type: 'tryStarted', pipeline: 'p', record: view('new', 'running') },
      { type: 'blockDone', pipeline: 'p', tryId: 'new', block: { blockId: 'g1', blockType: 'T', startedAt: '', durationMs: 3, output: { a: 1 } } },
      { type: 'loaded', view: { pipeline: 'p', tries: [view('old')] } },
    );
    assert.deepEqual(state.tries.map((t) => t.id), ['new', 'old']);
    assert.equal(shownTry(state)?.id, 'new');
    assert.deepEqual(shownTry(state)?.blocks.map((b) => b.output), [{ a: 1 }]);
  });

  it('replaces a block reported twice, ignores other pipelines, keeps five tries, compares with the one shown before', () => {
    let state = run(initialTryState, { type: 'loaded', view: { pipeline: 'p', tries: ['a', 'b', 'c', 'd', 'e'].map((id) => view(id)) } });
    const block = { blockId: 'g1', blockType: 'T', startedAt: '', durationMs: 3, output: { a: 1 } };
    state = run(state, { type: 'tryStarted', pipeline: 'p', record: view('n', 'running') }, { type: 'blockDone', pipeline: 'p', tryId: 'n', block }, { type: 'blockDone', pipeline: 'p', tryId: 'n', block: { ...block, output: { a: 2 } } });
    state = run(state, { type: 'tryStarted', pipeline: 'other', record: view('x', 'running') });
    assert.deepEqual(state.tries.map((t) => t.id), ['n', 'a', 'b', 'c', 'd']);
    assert.deepEqual(shownTry(state)?.blocks.map((b) => b.output), [{ a: 2 }]);
    assert.equal(state.compareId, 'a');
    assert.deepEqual(reduceTry(state, { type: 'tryAgain' }).effects, [{ type: 'tryAgain', seedIndex: 0 }]);
  });
});
