import assert from 'node:assert/strict';
import { AdaptiveLimiter, LimiterRegistry, type LimitChange, type Release } from '../../../src/core/llm/adaptiveLimiter';
import { WaitQueue } from '../../../src/core/llm/waitQueue';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function take(limiter: AdaptiveLimiter, count: number): Promise<Release[]> {
  const releases: Release[] = [];
  for (let i = 0; i < count; i++) releases.push(await limiter.acquire());
  return releases;
}

/** Runs one request to completion at the current limit and reports it as a success. */
async function succeed(limiter: AdaptiveLimiter): Promise<void> {
  const release = await limiter.acquire();
  limiter.onSuccess(release);
  release();
}

describe('AdaptiveLimiter', () => {
  it('grants up to the limit at once and queues the rest in FIFO order', async () => {
    const limiter = new AdaptiveLimiter({ maxLimit: 2 });
    const [first, second] = await take(limiter, 2);
    const order: string[] = [];
    const waiting = ['a', 'b', 'c'].map((name) => limiter.acquire().then((release) => (order.push(name), release)));
    await tick();
    assert.deepEqual(order, []);
    assert.equal(limiter.queued, 3);
    first();
    await tick();
    assert.deepEqual(order, ['a']);
    second();
    await tick();
    assert.deepEqual(order, ['a', 'b']);
    (await waiting[0])();
    await tick();
    assert.deepEqual(order, ['a', 'b', 'c']);
    assert.equal(limiter.inFlight, 2);
  });

  it('never has more in flight than the limit under load', async () => {
    const limiter = new AdaptiveLimiter({ maxLimit: 3 });
    let active = 0;
    let peak = 0;
    let done = 0;
    await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        const release = await limiter.acquire();
        active++;
        peak = Math.max(peak, active);
        assert.ok(limiter.inFlight <= limiter.limit);
        await new Promise((resolve) => setTimeout(resolve, i % 3));
        active--;
        done++;
        release();
      }),
    );
    assert.equal(done, 60);
    assert.equal(peak, 3);
    assert.equal(limiter.inFlight, 0);
  });

  it('an abort while waiting rejects with the reason and takes no slot', async () => {
    const limiter = new AdaptiveLimiter({ maxLimit: 1 });
    const [held] = await take(limiter, 1);
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    const behind = limiter.acquire();
    const reason = new Error('stop');
    controller.abort(reason);
    await assert.rejects(waiting, (error) => error === reason);
    assert.equal(limiter.queued, 1);
    assert.equal(limiter.inFlight, 1);
    held();
    const next = await behind;
    assert.equal(limiter.inFlight, 1, 'the slot went to the waiter behind, not to the aborted one');
    next();
    assert.equal(limiter.inFlight, 0);
  });

  it('rejects at once when the signal has already fired', async () => {
    const limiter = new AdaptiveLimiter({ maxLimit: 4 });
    await assert.rejects(limiter.acquire(AbortSignal.abort(new Error('late'))), /late/);
    assert.equal(limiter.inFlight, 0);
  });

  it('a release called twice frees one slot', async () => {
    const limiter = new AdaptiveLimiter({ maxLimit: 2 });
    const [a] = await take(limiter, 2);
    a();
    a();
    assert.equal(limiter.inFlight, 1);
  });

  it('cuts ×0.75 once per burst: 429s of requests sent before the cut are ignored', async () => {
    const changes: LimitChange[] = [];
    const limiter = new AdaptiveLimiter({ maxLimit: 8, onChange: (change) => changes.push(change) });
    const burst = await take(limiter, 8);
    assert.deepEqual(burst.map((release) => limiter.onRateLimited(release)), [true, false, false, false, false, false, false, false]);
    assert.equal(limiter.limit, 6);
    assert.equal(limiter.ceiling, 8);
    burst.forEach((release) => release());
    // A request sent after the cut that is refused again is news: cut again.
    const fresh = await limiter.acquire();
    assert.equal(limiter.onRateLimited(fresh), true);
    assert.equal(limiter.limit, 4);
    assert.equal(limiter.ceiling, 6);
    assert.deepEqual(
      changes.map((c) => [c.previous, c.limit, c.reason]),
      [
        [8, 6, 'rate-limited'],
        [6, 4, 'rate-limited'],
      ],
    );
  });

  it('never goes below 1', async () => {
    const limiter = new AdaptiveLimiter({ maxLimit: 3 });
    for (let i = 0; i < 5; i++) {
      const release = await limiter.acquire();
      limiter.onRateLimited(release);
      release();
    }
    assert.equal(limiter.limit, 1);
    const release = await limiter.acquire();
    assert.equal(limiter.onRateLimited(release), true);
    assert.equal(limiter.limit, 1);
  });

  it('a lower limit only holds back new grants; in-flight requests finish', async () => {
    const limiter = new AdaptiveLimiter({ maxLimit: 4 });
    const held = await take(limiter, 4);
    limiter.onRateLimited(held[0]);
    assert.equal(limiter.limit, 3);
    let granted = false;
    void limiter.acquire().then(() => (granted = true));
    held[0]();
    await tick();
    assert.equal(granted, false, '3 still in flight at limit 3');
    held[1]();
    await tick();
    assert.equal(granted, true);
  });

  it('recovers fast to just below the ceiling on successes sent under the lowered limit', async () => {
    const limiter = new AdaptiveLimiter({ maxLimit: 16 });
    const burst = await take(limiter, 16);
    limiter.onRateLimited(burst[15]);
    assert.equal(limiter.limit, 12);
    // Successes of requests sent before the cut say nothing about the lowered limit.
    limiter.onSuccess(burst[0]);
    assert.equal(limiter.limit, 12);
    burst.forEach((release) => release());
    for (let i = 0; i < 10; i++) await succeed(limiter);
    assert.equal(limiter.limit, 15, 'ceiling 16 - 1');
  });

  it('probes one above the ceiling only after probeEvery × limit saturated successes, backing off after a failed probe', async () => {
    const changes: LimitChange[] = [];
    const limiter = new AdaptiveLimiter({ maxLimit: 8, probeEvery: 2, onChange: (change) => changes.push(change) });
    // Read through a function: assertions would otherwise narrow `limiter.limit` to a literal type.
    const limit = (): number => limiter.limit;
    const first = await take(limiter, 8);
    limiter.onRateLimited(first[7]);
    first.forEach((release) => release());
    // Drive the limiter saturated: keep it full and complete one request at a time.
    const full = await take(limiter, limiter.limit);
    const completeOne = async (): Promise<void> => {
      const oldest = full.shift();
      assert.ok(oldest);
      limiter.onSuccess(oldest);
      oldest();
      while (limiter.inFlight < limiter.limit) full.push(await limiter.acquire());
    };
    while (limit() < 7) await completeOne();
    assert.equal(limiter.ceiling, 8);
    let successes = 0;
    while (limit() === 7) {
      await completeOne();
      successes++;
      assert.ok(successes <= 100, 'never probed');
    }
    assert.equal(successes, 7 * 2, 'probeEvery × limit');
    assert.equal(limiter.limit, 8);
    assert.equal(changes.at(-1)?.reason, 'probe');
    // The probe draws a 429: cut, and the next probe waits twice as long.
    const probe = full[full.length - 1];
    assert.equal(limiter.onRateLimited(probe), true);
    assert.equal(limiter.ceiling, 8);
    let recovered = 0;
    while (limit() < 7) {
      await completeOne();
      recovered++;
    }
    successes = 0;
    while (limit() === 7) {
      await completeOne();
      successes++;
      assert.ok(successes <= 200, 'never probed again');
    }
    assert.ok(recovered > 0);
    assert.equal(successes, 7 * 2 * 2);
  });

  it('a probe that holds raises the ceiling (capacity grew)', async () => {
    const limiter = new AdaptiveLimiter({ maxLimit: 8, probeEvery: 1 });
    const first = await take(limiter, 8);
    limiter.onRateLimited(first[7]);
    first.forEach((release) => release());
    assert.deepEqual([limiter.limit, limiter.ceiling], [6, 8]);
    limiter.setMaxLimit(20);
    // Saturated successes: fill the limit, report one success, free everything.
    const saturatedSuccess = async (): Promise<void> => {
      const held = await take(limiter, limiter.limit);
      limiter.onSuccess(held[held.length - 1]);
      held.forEach((release) => release());
    };
    while (limiter.limit < 8) await saturatedSuccess();
    assert.equal(limiter.ceiling, 8, 'probing at the ceiling');
    for (let i = 0; i < 8; i++) await saturatedSuccess();
    assert.equal(limiter.limit, 9, 'the probe held for probeEvery × limit successes: one more');
    assert.equal(limiter.ceiling, 9);
  });

  it('does not grow while demand never fills the limit', async () => {
    const limiter = new AdaptiveLimiter({ maxLimit: 8 });
    const held = await take(limiter, 8);
    limiter.onRateLimited(held[0]);
    held.forEach((release) => release());
    // Recover to ceiling-1 = 7 (fast recovery needs no saturation), then single requests: never a probe.
    for (let i = 0; i < 200; i++) await succeed(limiter);
    assert.equal(limiter.limit, 7);
  });

  it('setMaxLimit lowers the limit at once and caps growth', async () => {
    const limiter = new AdaptiveLimiter({ maxLimit: 8 });
    limiter.setMaxLimit(3);
    assert.equal(limiter.limit, 3);
    assert.equal(limiter.snapshot().maxLimit, 3);
    limiter.setMaxLimit(0);
    assert.equal(limiter.limit, 1, 'a nonsense setting still allows one request');
  });
});

describe('LimiterRegistry', () => {
  it('hands out one limiter per (baseUrl, model)', () => {
    const registry = new LimiterRegistry();
    const a = registry.get('http://h/v1', 'm', 4);
    assert.equal(registry.get('http://h/v1/', 'm', 4), a, 'a trailing slash is the same endpoint');
    assert.notEqual(registry.get('http://h/v1', 'other', 4), a);
    assert.notEqual(registry.get('http://other/v1', 'm', 4), a);
    assert.equal(a.limit, 4);
  });

  it('applies a changed concurrency setting to an existing limiter', () => {
    const registry = new LimiterRegistry();
    const a = registry.get('http://h/v1', 'm', 8);
    registry.get('http://h/v1', 'm', 2);
    assert.equal(a.limit, 2);
  });
});

describe('WaitQueue', () => {
  it('is FIFO and removes from the middle', () => {
    const queue = new WaitQueue<string>();
    queue.push('a');
    const b = queue.push('b');
    queue.push('c');
    assert.equal(queue.remove(b), true);
    assert.equal(queue.remove(b), false);
    assert.equal(queue.size, 2);
    assert.equal(queue.shift(), 'a');
    assert.equal(queue.shift(), 'c');
    assert.equal(queue.shift(), undefined);
    assert.equal(queue.size, 0);
  });
});
