import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { deriveSignal } from '../../../src/core/llm/derivedSignal';

describe('deriveSignal', () => {
  it('puts one listener on the parent however many calls derive from it', () => {
    const parent = new AbortController();
    const derived = Array.from({ length: 50 }, () => deriveSignal(parent.signal));
    assert.equal(getEventListeners(parent.signal, 'abort').length, 1);
    derived.forEach((d) => d.dispose());
  });

  it('aborts live children with the parent reason, not disposed ones', () => {
    const parent = new AbortController();
    const live = deriveSignal(parent.signal);
    const done = deriveSignal(parent.signal);
    done.dispose();
    const reason = new Error('stop');
    parent.abort(reason);
    assert.equal(live.signal.aborted, true);
    assert.equal(live.signal.reason, reason);
    assert.equal(done.signal.aborted, false);
  });

  it('is aborted at once when the parent already is', () => {
    const derived = deriveSignal(AbortSignal.abort('late'));
    assert.equal(derived.signal.aborted, true);
    assert.equal(derived.signal.reason, 'late');
  });
});
