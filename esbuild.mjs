// One script, one esbuild context per bundle. Flags: --watch, --production, --only=<name>[,<name>].
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const args = process.argv.slice(2);
const watch = args.includes('--watch');
const production = args.includes('--production');
const onlyArg = args.find((a) => a.startsWith('--only='));
const only = onlyArg ? onlyArg.slice('--only='.length).split(',') : undefined;

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
};
// 'module' first: jsonc-parser's UMD main uses dynamic requires that a bundle cannot resolve. tsx/cjs: only resolved
// when the engine runs from its TypeScript source (see renderPool.ts), never in a bundle.
const nodeBundle = { ...common, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', 'sql.js/dist/sql-wasm.wasm', 'tsx/cjs'], mainFields: ['module', 'main'] };

/** Webview apps: every webview-ui/<app>/main.tsx becomes dist/webview/<app>.js. */
const webviewEntries = existsSync('webview-ui')
  ? readdirSync('webview-ui', { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join('webview-ui', d.name, 'main.tsx')))
      .map((d) => ({ name: `webview-${d.name}`, in: join('webview-ui', d.name, 'main.tsx'), out: `dist/webview/${d.name}.js` }))
  : [];

const bundles = [
  { name: 'extension', options: { ...nodeBundle, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' } },
  // Template renders run in worker threads; the extension and the CLI start dist/templateWorker.js beside them.
  { name: 'templateWorker', partOf: ['extension', 'cli'], options: { ...nodeBundle, entryPoints: ['src/core/templates/templateWorker.ts'], outfile: 'dist/templateWorker.js' } },
  {
    name: 'cli',
    options: {
      ...nodeBundle,
      entryPoints: ['src/cli/main.ts'],
      outfile: 'dist/cli.js',
      banner: { js: '#!/usr/bin/env node' },
      define: { ...common.define, CLI_VERSION: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
    },
  },
  {
    name: 'tests',
    options: {
      ...nodeBundle,
      entryPoints: {
        'test/integration': 'test/integration/index.ts',
        'test/integrationTrust': 'test/integration/trust/index.ts',
        'test/runElectron': 'test/integration/runElectron.ts',
        'test/templateWorker': 'src/core/templates/templateWorker.ts',
      },
      outdir: 'dist',
      external: [...nodeBundle.external, 'mocha', '@vscode/test-electron'],
      // mocha's main entry is ESM; its CommonJS build loads with a plain require() on any Node or Electron, while
      // require(esm) of the main entry needs Node >= 20.19 (VS Code 1.100's Electron has 20.18).
      alias: { mocha: 'mocha/lib/mocha.cjs' },
    },
  },
  // Every bench/*Bench.ts becomes dist/bench/<name>.js (plus the fake server's worker and child process); playwright-core stays a
  // runtime require (benchmarks that measure inside chromium use it).
  { name: 'bench', options: { ...nodeBundle, entryPoints: benchEntries(), outdir: 'dist', external: [...nodeBundle.external, 'playwright-core', 'esbuild'] } },
  ...webviewEntries.map((w) => ({
    name: w.name,
    // CSS imported by an app (theme, codicons, React Flow) lands in dist/webview/<app>.css; fonts beside it.
    options: { ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: [w.in], outfile: w.out, jsx: 'automatic', loader: { '.ttf': 'file' }, assetNames: '[name]' },
  })),
].filter((b) => !only || only.some((o) => b.name === o || b.name.startsWith(`${o}-`) || b.partOf?.includes(o)));

function copyAssets() {
  const copies = [
    ['node_modules/sql.js/dist/sql-wasm.wasm', 'dist/sql-wasm.wasm'],
    ['src/core/pipeline/pipeline.schema.json', 'dist/schemas/pipeline.schema.json'],
  ];
  for (const [from, to] of copies) {
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
  }
}

copyAssets();
const contexts = await Promise.all(bundles.filter((b) => existsSync(entryOf(b))).map((b) => esbuild.context(b.options)));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log(`[esbuild] watching ${contexts.length} bundles`);
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}

function benchEntries() {
  const names = readdirSync('bench').filter((f) => /Bench\.ts$/.test(f) || f === 'fakeServerWorker.ts' || f === 'fakeServerProcess.ts');
  // Benchmarks run the engine from dist/bench/, so its template worker sits there too.
  return { ...Object.fromEntries(names.map((f) => [`bench/${f.slice(0, -3)}`, `bench/${f}`])), 'bench/templateWorker': 'src/core/templates/templateWorker.ts' };
}

function entryOf(bundle) {
  const ep = bundle.options.entryPoints;
  return Array.isArray(ep) ? ep[0] : Object.values(ep)[0];
}
