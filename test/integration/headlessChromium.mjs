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
 * code-server registers its own PWA service worker at the root scope. Its webviews are served from the same origin,
 * so that worker controls each webview frame, and VS Code's webview host then waits for a `controllerchange` to its
 * own worker — which now and then never comes: the webview stays blank (seen as a canvas or Review panel that never
 * says ready in full test runs). Real VS Code serves webviews from their own origin, so this is test-bed only;
 * refusing code-server's worker script leaves VS Code's webview worker the only one.
 * @param {import('playwright-core').Page} page
 */
export async function refuseCodeServerServiceWorker(page) {
  await page.context().route('**/_static/out/browser/serviceWorker.js', (route) => route.fulfill({ status: 404, body: '' }));
}
