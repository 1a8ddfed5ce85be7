import assert from 'node:assert/strict';
import { Throttle } from '../../../src/host/throttle';

describe('Throttle', () => {
  it('runs the first call at once and collapses a burst into one trailing run', async () => {
    let runs = 0;
    const throttle = new Throttle(40, () => runs++);
    throttle.schedule();
    assert.equal(runs, 1);
    for (let i = 0; i < 10; i++) throttle.schedule();
    assert.equal(runs, 1);
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(runs, 2, 'the last state is shown');
    throttle.dispose();
  });

  it('stays within one run per interval under a steady stream', async () => {
    let runs = 0;
    const throttle = new Throttle(50, () => runs++);
    const end = Date.now() + 300;
    while (Date.now() < end) {
      throttle.schedule();
      await new Promise((r) => setTimeout(r, 5));
    }
    throttle.dispose();
    assert.ok(runs >= 2 && runs <= 8, `${runs} runs in 300 ms`);
  });
});
