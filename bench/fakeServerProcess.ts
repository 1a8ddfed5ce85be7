/**
 * The fake server in a child process (bundled as dist/bench/fakeServerProcess.js): its CPU then never shows in the
 * benchmark process's `process.cpuUsage()`, which counts every thread of a process, a worker thread's too.
 */
import { FakeOpenAiServer, type FakeServerOptions } from '../test/fixtures/fakeOpenAiServer';

const send = process.send?.bind(process);
if (send) {
  const options = JSON.parse(process.argv[2] ?? '{}') as FakeServerOptions;
  void FakeOpenAiServer.start(options).then((server) => {
    send({ type: 'started', baseUrl: server.baseUrl });
    process.on('message', (msg: { type: string }) => {
      if (msg.type === 'cpu') send({ type: 'cpu', cpu: process.cpuUsage() });
      if (msg.type === 'close') void server.close().then(() => process.disconnect());
    });
  });
}
