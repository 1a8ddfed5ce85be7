import assert from 'node:assert/strict';
import { LlmError, type LlmErrorKind } from '../../../src/core/errors';
import { AdaptiveLimiter } from '../../../src/core/llm/adaptiveLimiter';
import { abortableSleep, withRetries, type RetryInfo, type RetryOptions } from '../../../src/core/llm/retryPolicy';
import { VirtualClock } from './virtualClock';

/** An attempt function that fails with the given kinds in turn, then returns 'ok'. */
function failing(...kinds: LlmErrorKind[]): { attempt: () => Promise<string>; calls: () => number } {
  let calls = 0;
  return {
    calls: () => calls,
    attempt: async () => {
      const kind = kinds[calls++];
      if (kind === undefined) return 'ok';
      throw new LlmError(kind, `boom ${kind}`, kind === 'rate-limit' ? 429 : undefined);
    },
  };
}

async function run<T>(attempt: () => Promise<T>, options: Partial<RetryOptions> = {}): Promise<{ result: Promise<T>; clock: VirtualClock }> {
  const clock = new VirtualClock();
  const result = withRetries(attempt, { maxRetries: 3, sleep: clock.sleep, random: () => 0.5, ...options });
  result.catch(() => undefined);
  let settled = false;
  void result.finally(() => (settled = true)).catch(() => undefined);
  await clock.runUntil(() => settled);
  return { result, clock };
}

describe('withRetries', () => {
  it('returns the first success without waiting', async () => {
    const { attempt, calls } = failing();
    const { result, clock } = await run(attempt);
    assert.equal(await result, 'ok');
    assert.equal(calls(), 1);
    assert.deepEqual(clock.sleeps, []);
  });

  for (const kind of ['server', 'timeout', 'connection', 'invalid-response'] as const) {
    it(`retries ${kind} with backoff, then succeeds`, async () => {
      const { attempt, calls } = failing(kind, kind);
      const { result } = await run(attempt);
      assert.equal(await result, 'ok');
      assert.equal(calls(), 3);
    });
  }

  it('gives up after maxRetries and says how many attempts were made', async () => {
    const { attempt, calls } = failing('server', 'server', 'server', 'server', 'server');
    const { result } = await run(attempt, { maxRetries: 2 });
    await assert.rejects(result, (error: unknown) => {
      assert.ok(error instanceof LlmError);
      assert.equal(error.kind, 'server');
      assert.equal(error.message, 'boom server (gave up after 3 attempts)');
      return true;
    });
    assert.equal(calls(), 3);
  });

  for (const kind of ['auth', 'not-found', 'bad-request', 'aborted'] as const) {
    it(`does not retry ${kind}`, async () => {
      const { attempt, calls } = failing(kind);
      const { result, clock } = await run(attempt);
      const expected = kind === 'aborted' ? `boom ${kind}` : `boom ${kind} (after 1 attempt)`;
      await assert.rejects(result, (error: unknown) => error instanceof LlmError && error.kind === kind && error.message === expected);
      assert.equal(calls(), 1);
      assert.deepEqual(clock.sleeps, []);
    });
  }

  it('uses exponential backoff with full jitter: delay = random × min(max, base × 2^n)', async () => {
    const low = await run(failing('server', 'server', 'server').attempt, { baseDelayMs: 100, random: () => 0 });
    await low.result;
    assert.deepEqual(low.clock.sleeps, [0, 0, 0]);
    const high = await run(failing('server', 'server', 'server', 'server', 'server').attempt, {
      maxRetries: 5,
      baseDelayMs: 100,
      maxDelayMs: 500,
      random: () => 0.999,
    });
    await high.result;
    assert.deepEqual(high.clock.sleeps, [99, 199, 399, 499, 499]);
    const half = await run(failing('timeout', 'timeout').attempt, { baseDelayMs: 100, random: () => 0.5 });
    await half.result;
    assert.deepEqual(half.clock.sleeps, [50, 100]);
  });

  it('waits Retry-After on 429 and tells the limiter', async () => {
    let calls = 0;
    const attempt = async (): Promise<string> => {
      if (calls++ === 0) throw new LlmError('rate-limit', '429', 429, 2500);
      return 'ok';
    };
    const limiter = new AdaptiveLimiter({ maxLimit: 8 });
    const retries: RetryInfo[] = [];
    const limits: number[] = [];
    const { result, clock } = await run(attempt, { limiter, onRetry: (info) => (retries.push(info), limits.push(limiter.limit)) });
    assert.equal(await result, 'ok');
    assert.deepEqual(clock.sleeps, [2500]);
    assert.deepEqual(limits, [6], 'cut ×0.75 before waiting');
    assert.equal(limiter.limit, 7, 'the retry, sent under the lowered limit, succeeded: recovering');
    assert.equal(retries.length, 1);
    assert.equal(retries[0].limitCut, true);
    assert.equal(retries[0].delayMs, 2500);
  });

  it('waits a short default on 429 without Retry-After, capped by maxDelayMs otherwise', async () => {
    const noHeader = await run(failing('rate-limit').attempt);
    await noHeader.result;
    assert.deepEqual(noHeader.clock.sleeps, [1000]);
    let calls = 0;
    const huge = async (): Promise<string> => {
      if (calls++ === 0) throw new LlmError('rate-limit', '429', 429, 3_600_000);
      return 'ok';
    };
    const capped = await run(huge, { maxDelayMs: 30_000 });
    await capped.result;
    assert.deepEqual(capped.clock.sleeps, [30_000]);
  });

  it('counts 429 retries apart from maxRetries, bounded by maxRateLimitRetries', async () => {
    const fine = failing('rate-limit', 'rate-limit', 'rate-limit', 'server');
    const ok = await run(fine.attempt, { maxRetries: 1 });
    assert.equal(await ok.result, 'ok');
    assert.equal(fine.calls(), 5);
    const endless = failing(...Array<LlmErrorKind>(50).fill('rate-limit'));
    const { result } = await run(endless.attempt, { maxRetries: 0, maxRateLimitRetries: 4 });
    await assert.rejects(result, (error: unknown) => error instanceof LlmError && error.kind === 'rate-limit' && /after 5 attempts/.test(error.message));
    assert.equal(endless.calls(), 5);
  });

  it('with maxRateLimitRetries defaulting to 20', async () => {
    const endless = failing(...Array<LlmErrorKind>(50).fill('rate-limit'));
    const { result } = await run(endless.attempt);
    await assert.rejects(result);
    assert.equal(endless.calls(), 21);
  });

  it('stops at once with an aborted error when the signal fires during a backoff', async () => {
    const controller = new AbortController();
    const { attempt, calls } = failing('server', 'server');
    // A sleep that never ends on its own and ignores the signal: only the abort can end the wait.
    const never = (): Promise<void> => new Promise(() => undefined);
    const result = withRetries(attempt, { maxRetries: 3, sleep: never, signal: controller.signal, abortedError: () => new LlmError('aborted', 'cancelled!') });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(calls(), 1);
    controller.abort();
    await assert.rejects(result, (error: unknown) => error instanceof LlmError && error.kind === 'aborted' && error.message === 'cancelled!');
    assert.equal(calls(), 1);
  });

  it('does not start when the signal has already fired', async () => {
    const { attempt, calls } = failing();
    await assert.rejects(withRetries(attempt, { maxRetries: 1, signal: AbortSignal.abort() }), (error: unknown) => error instanceof LlmError && error.kind === 'aborted');
    assert.equal(calls(), 0);
  });

  it('gives the slot back while waiting to retry', async () => {
    const limiter = new AdaptiveLimiter({ maxLimit: 1 });
    const clock = new VirtualClock();
    const { attempt } = failing('server');
    const first = withRetries(attempt, { maxRetries: 1, baseDelayMs: 1000, random: () => 0.99, sleep: clock.sleep, limiter });
    await clock.settle();
    assert.equal(clock.pendingTimers, 1, 'the first request is in its backoff');
    assert.equal(limiter.inFlight, 0);
    const other = await limiter.acquire();
    assert.equal(limiter.inFlight, 1, 'another request got the only slot');
    other();
    await clock.runUntil(() => limiter.inFlight === 0 && clock.pendingTimers === 0);
    assert.equal(await first, 'ok');
  });

  it('holds a slot during the attempt and reports success to the limiter', async () => {
    const limiter = new AdaptiveLimiter({ maxLimit: 2 });
    let seen = -1;
    const result = await withRetries(async () => ((seen = limiter.inFlight), 'ok'), { maxRetries: 0, limiter });
    assert.equal(result, 'ok');
    assert.equal(seen, 1);
    assert.equal(limiter.inFlight, 0);
  });

  it('an abort while queued for a slot ends with an aborted error and leaks nothing', async () => {
    const limiter = new AdaptiveLimiter({ maxLimit: 1 });
    const held = await limiter.acquire();
    const controller = new AbortController();
    const { attempt, calls } = failing();
    const result = withRetries(attempt, { maxRetries: 0, limiter, signal: controller.signal });
    controller.abort();
    await assert.rejects(result, (error: unknown) => error instanceof LlmError && error.kind === 'aborted');
    assert.equal(calls(), 0);
    held();
    assert.equal(limiter.inFlight, 0);
    assert.equal(limiter.queued, 0);
  });

  it('lets a non-LlmError through untouched and untried again', async () => {
    let calls = 0;
    const bug = new TypeError('not a transient fault');
    await assert.rejects(
      withRetries(async () => {
        calls++;
        throw bug;
      }, { maxRetries: 3 }),
      (error) => error === bug,
    );
    assert.equal(calls, 1);
  });

  it('abortableSleep waits, and ends early on abort', async () => {
    const started = Date.now();
    await abortableSleep(20);
    assert.ok(Date.now() - started >= 15);
    const controller = new AbortController();
    const sleeping = abortableSleep(60_000, controller.signal);
    controller.abort();
    await sleeping;
  });
});
