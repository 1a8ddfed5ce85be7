import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, sep } from 'node:path';
import { compileFunction } from 'node:vm';

const WRAPPER_PARAMS = ['exports', 'require', 'module', '__filename', '__dirname'];

/**
 * Evaluates a CommonJS file and returns its `module.exports`, as a fresh instance on every call.
 *
 * Why not `require`: Node caches modules (a reload would get the old instance), and a `.js` file under a
 * `"type": "module"` package.json would be taken for ESM. Reading the text and compiling it with Node's own
 * CommonJS wrapper parameters works the same from the esbuild bundle and from tsx, never touches Node's module
 * cache for the block itself, and keeps the real file name in stack traces. Helpers the module `require`s from the
 * same folder (e.g. `_shared.js`) are dropped from the cache first, so an edit to a helper is picked up too.
 */
export function evaluateCommonJs(file: string): unknown {
  const source = readFileSync(file, 'utf8');
  const requireFromFile = createRequire(file);
  forgetFolderModules(requireFromFile.cache, dirname(file));
  const module: { exports: unknown; id: string; filename: string } = { exports: {}, id: file, filename: file };
  const fn = compileFunction(stripShebang(source), WRAPPER_PARAMS, { filename: file });
  fn.call(module.exports, module.exports, requireFromFile, module, file, dirname(file));
  return module.exports;
}

/** Drops cached modules that live in `folder` (not its node_modules), so helpers are re-read on reload. */
function forgetFolderModules(cache: NodeJS.Require['cache'], folder: string): void {
  const prefix = folder.endsWith(sep) ? folder : folder + sep;
  for (const key of Object.keys(cache)) {
    if (key.startsWith(prefix) && !key.includes(`${sep}node_modules${sep}`)) delete cache[key];
  }
}

/** Node accepts a `#!` first line in modules; the compiler does not. Blank it, keeping line numbers. */
function stripShebang(source: string): string {
  return source.startsWith('#!') ? source.replace(/^#![^\n]*/, '') : source;
}

/**
 * An error thrown while compiling or running a module's top-level code, as one line naming the file and line:
 * `Broken.js line 3: SyntaxError: Unexpected token '}'`.
 */
export function describeModuleError(error: unknown, file: string): string {
  if (!(error instanceof Error)) return `${basename(file)}: threw ${String(error)}`;
  const where = errorLine(error, file);
  return `${basename(file)}${where ? ` line ${where}` : ''}: ${error.name}: ${error.message}`;
}

function errorLine(error: Error, file: string): string | undefined {
  const stack = error.stack ?? '';
  // Syntax errors from the compiler start with "<file>:<line>"; runtime errors have an "at … <file>:<line>:<col>" frame.
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}:(\\d+)`).exec(stack);
  return match?.[1];
}
