// Runs a built webview app (dist/webview/<app>.js) in headless chromium outside VS Code, with the same HTML and
// CSP the extension serves and a stand-in for acquireVsCodeApi: tests and benchmarks play the host from Node.
// The e2e tests check the apps inside a real VS Code; this harness makes UI tests and in-browser timings fast.
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { renderWebviewHtml } from '../../src/host/webviewHtml';
// @ts-expect-error an .mjs helper shared with the runners; typed by its JSDoc
import { launchHeadlessChromium } from '../integration/headlessChromium.mjs';
import { type HarnessTheme, themeBodyClass, themeVariables } from './themeVariables';

const ORIGIN = 'https://dgf-webview.test';
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.map': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png' };

export interface HarnessOptions {
  /** Which app: dist/webview/<app>.js must exist (npm run build). */
  app: string;
  theme?: HarnessTheme;
  boot?: unknown;
  /** What getState() returns at first (a reloaded webview's view state). */
  state?: unknown;
  viewport?: { width: number; height: number };
  /** Every message the webview posts; answer with harness.post(). */
  onMessage(message: unknown, harness: WebviewHarness): void | Promise<void>;
  /** Reuse one browser across tests (faster); closed by the caller. */
  browser?: Browser;
  /** Where the bundles are; defaults to dist/webview. */
  distDir?: string;
}

export interface WebviewHarness {
  page: Page;
  /** Posts a message into the webview, as webview.postMessage does. */
  post(message: unknown): Promise<void>;
  /** What the webview last gave setState(). */
  viewState(): Promise<unknown>;
  /** Page errors, console errors and CSP violations seen so far. */
  errors: string[];
  close(): Promise<void>;
}

export async function openWebviewHarness(options: HarnessOptions): Promise<WebviewHarness> {
  const distDir = options.distDir ?? join(process.cwd(), 'dist', 'webview');
  const script = join(distDir, `${options.app}.js`);
  if (!existsSync(script)) throw new Error(`${script} is missing: run "npm run build" first`);
  const ownBrowser = !options.browser;
  const browser: Browser = options.browser ?? (await launchHeadlessChromium());
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  const theme = options.theme ?? 'dark';
  // VS Code sets the theme's colours on <html> through the CSSOM and the theme kind as a <body> class; the harness
  // does the same (a style attribute in the markup would break the CSP like any inline style).
  const vars = Object.entries(themeVariables(theme))
    .map(([k, v]) => `--vscode-${k}: ${v};`)
    .join(' ');
  const html = renderWebviewHtml({
    title: options.app,
    cspSource: ORIGIN,
    scriptUri: `${ORIGIN}/${options.app}.js`,
    styleUris: existsSync(join(distDir, `${options.app}.css`)) ? [`${ORIGIN}/${options.app}.css`] : [],
    boot: options.boot,
  })
    .replace('<body>', `<body class="${themeBodyClass(theme)}">`);
  await context.route(`${ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/' || path === '/index.html') return route.fulfill({ status: 200, contentType: 'text/html', body: html });
    const file = normalize(join(distDir, decodeURIComponent(path)));
    if (!file.startsWith(distDir) || !existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ status: 200, contentType: TYPES[extname(file)] ?? 'application/octet-stream', body: readFileSync(file) });
  });
  const harness: WebviewHarness = {
    page,
    errors,
    post: async (message) => {
      await page.evaluate((m) => window.postMessage(m, '*'), message as never);
    },
    viewState: () => page.evaluate(() => (window as unknown as { __dgfState: unknown }).__dgfState),
    close: async () => {
      await context.close();
      if (ownBrowser) await browser.close();
    },
  };
  await page.exposeFunction('__dgfToHost', (message: unknown) => options.onMessage(message, harness));
  // A string, not a function: the test runner's transpiler would wrap a function in helpers the page lacks.
  await page.addInitScript(`(() => {
    window.__dgfState = ${JSON.stringify(options.state ?? null)};
    let acquired = false;
    window.acquireVsCodeApi = () => {
      if (acquired) throw new Error('acquireVsCodeApi called twice');
      acquired = true;
      return {
        postMessage: (m) => void window.__dgfToHost(JSON.parse(JSON.stringify(m))),
        getState: () => window.__dgfState,
        setState: (s) => { window.__dgfState = JSON.parse(JSON.stringify(s)); },
      };
    };
    const themeSheet = new CSSStyleSheet();
    themeSheet.replaceSync(${JSON.stringify(`:root { ${vars} }`)});
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, themeSheet];
    document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));
  })();`);
  await page.goto(`${ORIGIN}/index.html`);
  return harness;
}
