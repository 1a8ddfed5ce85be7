import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const repo = resolve(__dirname, '../../../..');
// By URL, so the loader resolves whatever the child's working folder is.
const tsxLoader = pathToFileURL(join(repo, 'node_modules/tsx/dist/loader.mjs')).href;

/** Runs a TypeScript file from source in a child Node process. */
export function spawnTs(file: string, args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', tsxLoader, join(repo, file), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Resolves with the child's first stdout line. */
export function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolveLine, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl !== -1) resolveLine(out.slice(0, nl));
    });
    child.on('exit', (code) => reject(new Error(`child exited with ${code} before printing a line: ${err}`)));
  });
}

export function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolveExit) => child.on('exit', (code) => resolveExit(code)));
}
