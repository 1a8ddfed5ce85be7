import * as assert from 'node:assert/strict';
import { FakeOpenAiServer } from '../fixtures/fakeOpenAiServer';

// What later suites rely on: the project's fake OpenAI-compatible server, started on loopback inside the
// extension host and reachable from it.
describe('integration harness', () => {
  it('reaches a fake model endpoint on loopback from the extension host', async () => {
    const server = await FakeOpenAiServer.start({ models: ['fake-model'] });
    try {
      const response = await fetch(`${server.baseUrl}/models`);
      assert.equal(response.status, 200);
      const body = (await response.json()) as { data: { id: string }[] };
      assert.deepEqual(body.data.map((model) => model.id), ['fake-model']);
      assert.equal(server.counters.models, 1);
    } finally {
      await server.close();
    }
  });
});
