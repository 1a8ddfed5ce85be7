/**
 * The fake server in its own thread, so the benchmark measures the engine's cost and not the server's: a real
 * endpoint does its work elsewhere, not on the client's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FakeOpenAiServer, type FakeServerOptions } from '../test/fixtures/fakeOpenAiServer';

export type WorkerRequest = { type: 'counters' } | { type: 'close' };

if (parentPort) {
  const port = parentPort;
  void FakeOpenAiServer.start(workerData as FakeServerOptions).then((server) => {
    port.postMessage({ type: 'started', baseUrl: server.baseUrl });
    port.on('message', async (msg: WorkerRequest) => {
      if (msg.type === 'counters') port.postMessage({ type: 'counters', counters: server.counters });
      if (msg.type === 'close') {
        await server.close();
        port.postMessage({ type: 'closed' });
        port.close();
      }
    });
  });
}
