// The HTML every DataGenFlow webview starts from. Pure (no VS Code API) so the browser harness serves exactly the
// page VS Code gets, strict CSP included: scripts only with this load's nonce, styles/fonts/images only from the
// extension's dist/webview folder, no network at all.
import { randomBytes } from 'node:crypto';

export interface WebviewPage {
  title: string;
  /** `webview.cspSource` (or the harness's origin). */
  cspSource: string;
  /** URI of dist/webview/<app>.js as the webview sees it. */
  scriptUri: string;
  /** URIs of the stylesheets: dist/webview/<app>.css (codicons are bundled into it). */
  styleUris: string[];
  /** JSON the app reads before its first message (e.g. which view to show); HTML-escaped here. */
  boot?: unknown;
  nonce?: string;
}

export function newNonce(): string {
  return randomBytes(18).toString('base64url');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'`,
    // The nonce lets the toolkit's one feature probe (a <style> carrying the csp-nonce meta's value) run.
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `connect-src 'none'`,
    `frame-src 'none'`,
    `base-uri 'none'`,
    `form-action 'none'`,
  ].join('; ');
}

export function renderWebviewHtml(page: WebviewPage): string {
  const nonce = page.nonce ?? newNonce();
  const boot = page.boot === undefined ? '' : `<script nonce="${nonce}" type="application/json" id="dgf-boot">${escapeJsonForHtml(page.boot)}</script>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(page.cspSource, nonce)}">
<meta property="csp-nonce" content="${nonce}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${page.styleUris.map((u) => `<link rel="stylesheet" href="${escapeAttr(u)}">`).join('\n')}
<title>${escapeText(page.title)}</title>
</head>
<body>
<div id="root"></div>
${boot}
<script nonce="${nonce}" src="${escapeAttr(page.scriptUri)}"></script>
</body>
</html>`;
}

function escapeJsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
