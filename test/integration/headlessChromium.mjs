// The one way the test runners, the e2e scenarios and the npm start smoke check launch Debian's chromium: Playwright
// cannot download its own browser here, and without the background-networking flags chromium keeps dialling
// Google's hosts on a closed network.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // A response fulfilled through a Playwright route (prepareWorkbenchPage) has no IP address, so Local Network Access
  // would count the workbench as a public page and refuse its WebSocket to the loopback code-server.
  '--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessNullIpAddress,IsolateOrigins,site-per-process',
  '--disable-site-isolation-trials',
];

/** @returns {Promise<import('playwright-core').Browser>} */
export async function launchHeadlessChromium() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    // Playwright's own handlers exit the process as soon as the browser closes, before code-server is stopped.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}

/**
 * Makes code-server's workbench page behave like real VS Code's for webviews. Call before the first navigation.
 *
 * 1. code-server serves every webview from its own origin, where its PWA service worker (registered at the root
 *    scope) would control each webview frame: refusing that worker's script leaves VS Code's webview worker the only
 *    one.
 * 2. Real VS Code serves each webview from its own origin (`https://{{uuid}}.vscode-cdn.net/…`); code-server points
 *    `webviewEndpoint` at its own origin, so every webview shares one service-worker scope, each registering the
 *    worker under its own script URL. Now and then a new webview frame then stays controlled by an earlier webview's
 *    worker, no `controllerchange` ever comes, and the webview never loads (browser log: "Found unexpected service
 *    worker controller"; seen in about half of the full test runs). Rewriting the endpoint to
 *    `http://{{uuid}}.localhost:<port>/…` gives each webview its own origin again: chromium resolves `*.localhost` to
 *    the loopback address and treats it as a secure context, and code-server serves the same static files whatever
 *    the host name. The workbench page is fetched through a route that rewrites its configuration and lets its CSP
 *    header frame those origins (code-server runs with --auth none here, so no session cookie is at stake).
 * @param {import('playwright-core').Page} page
 */
export async function prepareWorkbenchPage(page) {
  const context = page.context();
  await context.route('**/_static/out/browser/serviceWorker.js', (route) => route.fulfill({ status: 404, body: '' }));
  // VS Code's webview service worker answers a webview's resource request only when the webview's frame sends the
  // bytes back, and waits up to 30 s for them. A webview closed while its font was still loading leaves such a
  // request open; the next webview of the same origin then registers its worker, which cannot activate while the
  // old one still has that request in flight, and the new frame's navigation waits with it: a 30 s blank webview
  // (browser.log: an aborted codicon.ttf request, then the next index.html 30 s later). A test closes webviews a
  // moment after they start, far more often than a person does: the worker gives up on a lost request after 2 s.
  // The script is fetched from 127.0.0.1 (Node cannot resolve the *.localhost host names chromium resolves itself).
  await context.route('**/contrib/webview/browser/pre/service-worker.js*', async (route) => {
    const url = new URL(route.request().url());
    url.hostname = '127.0.0.1';
    const response = await route.fetch({ url: url.href });
    const script = await response.text();
    const body = script.replace('resolveTimeout=3e4', 'resolveTimeout=2e3');
    if (body === script) console.warn('[test bed] the webview service worker has no resolveTimeout=3e4 to shorten: a closed webview may stall the next one for 30 s');
    await route.fulfill({ response, body });
  });
  await context.route(
    (url) => url.pathname === '/' && url.hostname === '127.0.0.1',
    async (route) => {
      if (route.request().method() !== 'GET') return route.continue();
      const response = await route.fetch();
      const origin = new URL(route.request().url());
      const endpointHost = `{{uuid}}.localhost:${origin.port}`;
      const headers = { ...response.headers() };
      // The workbench page's own CSP allows frames from 'self' and *.vscode-cdn.net only.
      if (headers['content-security-policy']) {
        headers['content-security-policy'] = headers['content-security-policy'].replace('frame-src ', `frame-src http://*.localhost:${origin.port} `);
      }
      const body = (await response.text()).replace(/(id="vscode-workbench-web-configuration"[^>]*data-settings=")([^"]*)(")/, (_, before, encoded, after) => {
        const settings = JSON.parse(decodeHtmlAttribute(encoded));
        if (typeof settings.webviewEndpoint === 'string') {
          const endpoint = new URL(settings.webviewEndpoint, origin);
          settings.webviewEndpoint = `${origin.protocol}//${endpointHost}${endpoint.pathname}`;
        }
        return `${before}${encodeHtmlAttribute(JSON.stringify(settings))}${after}`;
      });
      await route.fulfill({ response, headers, body });
    },
  );
}

/** @param {string} text */
export function decodeHtmlAttribute(text) {
  const named = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" };
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref) => {
    if (ref[0] === '#') return String.fromCodePoint(ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1)));
    return named[ref.toLowerCase()] ?? whole;
  });
}

/** @param {string} text */
function encodeHtmlAttribute(text) {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
