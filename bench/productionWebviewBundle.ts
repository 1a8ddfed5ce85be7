import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

/** Builds webview-ui/<app> as it ships (npm run package: minified, React in production mode) into a temp folder. */
export async function productionWebviewBundle(app: 'editor' | 'review'): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `dgf-${app}-bundle-`));
  await esbuild.build({
    entryPoints: [`webview-ui/${app}/main.tsx`],
    outfile: join(dir, `${app}.js`),
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    loader: { '.ttf': 'file' },
    assetNames: '[name]',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  return dir;
}
