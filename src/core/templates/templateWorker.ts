import { parentPort, workerData } from 'node:worker_threads';
import type { RenderRequest, RenderWorkerData, RenderWorkerMessage } from './renderProtocol';
import { LimitedRenderer } from './renderWithLimits';
import { createTemplateEnvironment } from './templateEnvironment';

// Entry of a render worker (bundled as dist/templateWorker.js): renders one request at a time, off the main thread,
// so the pool can stop it at the time budget and a memory blow-up ends this thread only.
const { maxBytes } = workerData as RenderWorkerData;
const renderer = new LimitedRenderer(createTemplateEnvironment(maxBytes), maxBytes);
const port = parentPort;
if (port) {
  const post = (m: RenderWorkerMessage) => port.postMessage(m);
  port.on('message', (request: RenderRequest) => {
    const result = renderer.render(request.source, request.state);
    if (result.ok) post({ type: 'rendered', id: request.id, text: result.text });
    else post({ type: 'failed', id: request.id, message: result.message, variable: result.variable, limit: result.limit });
  });
  post({ type: 'ready' });
}
