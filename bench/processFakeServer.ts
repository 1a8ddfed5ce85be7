import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { FakeServerOptions } from '../test/fixtures/fakeOpenAiServer';

/** A FakeOpenAiServer in a child process (bundled next to this file as fakeServerProcess.js). */
export class ProcessFakeServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
  ) {}

  static start(options: FakeServerOptions): Promise<ProcessFakeServer> {
    const child = fork(join(__dirname, 'fakeServerProcess.js'), [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`fake server exited with code ${code}`)));
      child.once('message', (msg: { baseUrl: string }) => resolve(new ProcessFakeServer(child, msg.baseUrl)));
    });
  }

  /** The server process's own CPU time so far (microseconds). */
  cpu(): Promise<NodeJS.CpuUsage> {
    return new Promise((resolve) => {
      const onMessage = (msg: { type: string; cpu?: NodeJS.CpuUsage }) => {
        if (msg.type !== 'cpu' || !msg.cpu) return;
        this.child.off('message', onMessage);
        resolve(msg.cpu);
      };
      this.child.on('message', onMessage);
      this.child.send({ type: 'cpu' });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.child.removeAllListeners('exit');
      this.child.once('exit', () => resolve());
      this.child.send({ type: 'close' });
    });
  }
}
