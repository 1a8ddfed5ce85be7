import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FakeServerCounters, FakeServerOptions } from '../test/fixtures/fakeOpenAiServer';

/** A FakeOpenAiServer running in a worker thread (bundled next to this file as fakeServerWorker.js). */
export class ThreadedFakeServer {
  private constructor(
    private readonly worker: Worker,
    readonly baseUrl: string,
  ) {}

  static start(options: FakeServerOptions): Promise<ThreadedFakeServer> {
    const worker = new Worker(join(__dirname, 'fakeServerWorker.js'), { workerData: options });
    return new Promise((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', (msg: { type: string; baseUrl: string }) => resolve(new ThreadedFakeServer(worker, msg.baseUrl)));
    });
  }

  counters(): Promise<FakeServerCounters> {
    return this.ask('counters').then((m) => (m as { counters: FakeServerCounters }).counters);
  }

  async close(): Promise<void> {
    await this.ask('close');
    await this.worker.terminate();
  }

  private ask(type: 'counters' | 'close'): Promise<unknown> {
    return new Promise((resolve) => {
      this.worker.once('message', resolve);
      this.worker.postMessage({ type });
    });
  }
}
