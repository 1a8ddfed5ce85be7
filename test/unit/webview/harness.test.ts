import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { RpcHost } from '../../../src/host/rpcHost';
import { expectNumber, expectObject } from '../../../src/host/messageGuards';
import type { RpcMethod } from '../../../src/shared/rpc';
import { openWebviewHarness, type WebviewHarness } from '../../webview/webviewHarness';

type Methods = { double: RpcMethod<{ n: number }, number> };
type Events = { greeting: { text: string } };

describe('webview harness and webview-ui/common', function () {
  this.timeout(60_000);
  let dir: string;
  let harness: WebviewHarness | undefined;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dgf-fixture-app-'));
    await esbuild.build({
      entryPoints: ['test/webview/fixtureApp/main.tsx'],
      outfile: join(dir, 'fixture.js'),
      bundle: true,
      format: 'iife',
      platform: 'browser',
      jsx: 'automatic',
      loader: { '.ttf': 'file' },
      assetNames: '[name]',
      logLevel: 'silent',
    });
  });
  afterEach(async () => harness?.close());
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('handshakes, answers requests through RpcHost, keeps view state, loads toolkit and codicons under the strict CSP', async () => {
    let host!: RpcHost<Methods, Events>;
    harness = await openWebviewHarness({
      app: 'fixture',
      distDir: dir,
      boot: { title: 'Hello </script><b>' },
      state: { text: 'kept' },
      onMessage: (m, h) => {
        if (!host) {
          host = new RpcHost<Methods, Events>((msg) => void h.post(msg), {
            double: { parse: (p) => ({ n: expectNumber(expectObject(p, 'params').n, 'params.n') }), handle: ({ n }) => n * 2 },
          });
          host.emit('greeting', { text: 'hi from host' });
        }
        return host.receive(m);
      },
    });
    const page = harness.page;
    await page.waitForSelector('#greeting:has-text("hi from host")', { timeout: 5000 }).catch((e) => { throw new Error(`${e.message}\n${harness?.errors.join('\n')}`); });
    assert.equal(await page.textContent('#title'), 'Hello </script><b>');
    assert.equal(await page.textContent('#echo'), 'kept');
    await page.click('[data-testid=double]');
    await page.waitForSelector('#result:has-text("42")');
    await page.locator('[data-testid=field] input').fill('typed');
    await page.waitForSelector('#echo:has-text("typed")');
    assert.deepEqual(await harness.viewState(), { text: 'typed' });
    // The toolkit's button is a registered custom element with a shadow root; the codicon font came from the bundle.
    assert.equal(await page.evaluate(() => !!document.querySelector('vscode-button')?.shadowRoot), true);
    const iconFont = await page.evaluate(() => getComputedStyle(document.querySelector('.probe-icon')!, '::before').fontFamily);
    assert.match(iconFont, /codicon/);
    await page.evaluate(() => document.fonts.ready);
    assert.equal(await page.evaluate(() => document.fonts.check('16px codicon')), true);
    assert.deepEqual(harness.errors, []);
  });

  it('reports a request the host refuses as a rejected promise with the reason', async () => {
    let host!: RpcHost<Methods, Events>;
    harness = await openWebviewHarness({
      app: 'fixture',
      distDir: dir,
      onMessage: (m, h) => {
        host ??= new RpcHost<Methods, Events>((msg) => void h.post(msg), {
          double: { parse: (p) => ({ n: expectNumber(expectObject(p, 'params').n, 'params.n') }), handle: () => Promise.reject(new Error('no doubling today')) },
        });
        return host.receive(m);
      },
    });
    await harness.page.click('[data-testid=double]');
    await harness.page.waitForSelector('#result:has-text("error: no doubling today")');
  });
});
