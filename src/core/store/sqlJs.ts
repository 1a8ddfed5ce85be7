import { existsSync } from 'node:fs';
import { join } from 'node:path';
import initSqlJs, { type SqlJsStatic } from 'sql.js';

let loading: Promise<SqlJsStatic> | undefined;

/**
 * Loads sql.js once per process. The WASM file sits next to the bundle (esbuild copies it to dist/); from source
 * (tests, tsx) it comes from node_modules.
 */
export function loadSqlJs(): Promise<SqlJsStatic> {
  loading ??= initSqlJs({ locateFile: () => wasmPath() });
  return loading;
}

function wasmPath(): string {
  const beside = join(__dirname, 'sql-wasm.wasm');
  if (existsSync(beside)) return beside;
  return require.resolve('sql.js/dist/sql-wasm.wasm');
}
