import assert from 'node:assert/strict';

/** Polls `check` (every 25 ms, about 5 s) until it holds; fails the test if it never does. */
export async function waitUntil(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(await check());
}
