import { spawn } from 'node:child_process';
import { mkdtemp, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const repo = resolve(__dirname, '../../..');
// By URL, so the loader resolves whatever the child's working folder is.
const tsxLoader = pathToFileURL(join(repo, 'node_modules/tsx/dist/loader.mjs')).href;

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI from source in a child process (so exit codes and signals are real). */
export function runCli(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; interruptWhen?: () => Promise<boolean>; killWhen?: () => Promise<boolean>; killAfterMs?: number },
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', tsxLoader, join(repo, 'src/cli/main.ts'), ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const watched = options.interruptWhen ?? options.killWhen;
    const poll = watched
      ? setInterval(async () => {
          if (await watched()) {
            clearInterval(poll);
            child.kill(options.interruptWhen ? 'SIGINT' : 'SIGKILL');
          }
        }, 20)
      : undefined;
    const killer = options.killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
    child.on('close', () => {
      clearInterval(poll);
      clearTimeout(killer);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
  });
}

/** A temporary workspace with the given files (paths relative to it). */
export async function workspace(files: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dgf-cli-'));
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  }
  return dir;
}

export function twoStepPipeline(extraBlock?: Record<string, unknown>) {
  const blocks: Record<string, unknown>[] = [
    { id: 'question', type: 'TextGenerator', config: { user_prompt: 'Ask about {{ topic }}' }, position: { x: 0, y: 0 } },
    { id: 'answer', type: 'TextGenerator', config: { user_prompt: 'Answer: {{ assistant }}' }, position: { x: 0, y: 100 } },
  ];
  if (extraBlock) blocks.push(extraBlock);
  const ids = ['start', ...blocks.map((b) => String(b.id)), 'end'];
  return {
    version: 1,
    name: 'QA',
    blocks,
    edges: ids.slice(1).map((target, i) => ({ source: ids[i], target })),
  };
}
