import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CachingLlm } from '../../../src/core/cache/cachingLlm';
import { CacheMissError, type ResponseCacheMode } from '../../../src/core/cache/cacheTypes';
import { answerKey, requestHash } from '../../../src/core/cache/requestKey';
import { clearResponseCache, ResponseStore, responseCacheSize } from '../../../src/core/cache/responseStore';
import { DEFAULT_MODEL_SETTINGS, type ChatRequest, type LlmPort, type ModelSettings } from '../../../src/core/llm/llmTypes';
import { OpenAiLlmClient } from '../../../src/core/llm/openAiClient';
import { FakeOpenAiServer } from '../../fixtures/fakeOpenAiServer';

const SETTINGS: ModelSettings = {
  ...DEFAULT_MODEL_SETTINGS,
  models: [{ name: 'fake', baseUrl: 'http://127.0.0.1:9/v1', model: 'm', pricePer1kInput: 1, pricePer1kOutput: 2 }],
  embeddingModels: [{ name: 'emb', baseUrl: 'http://127.0.0.1:9/v1', model: 'e' }],
};
const TARGET = { baseUrl: 'http://x/v1', model: 'm' };
const signal = new AbortController().signal;

/** A port that answers `answer <n>` for its n-th call, with fixed usage. */
function countingPort(): LlmPort & { calls: ChatRequest[] } {
  const calls: ChatRequest[] = [];
  return {
    calls,
    chat: async (request) => {
      calls.push(request);
      return { content: `answer ${calls.length}`, usage: { input_tokens: 10, output_tokens: 5, cached_tokens: 0 }, model: request.model ?? 'fake' };
    },
    embed: async (request) => ({ vectors: request.input.map((_, i) => [i, calls.length]), usage: { input_tokens: 3, output_tokens: 0, cached_tokens: 0 }, model: 'emb' }),
  };
}

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'dgf-cache-'));
}

function cache(inner: LlmPort, dir: string, mode: ResponseCacheMode, maxBytes = 1 << 20, settings = SETTINGS): CachingLlm {
  return new CachingLlm(inner, { settings, store: new ResponseStore(dir, maxBytes), mode });
}

const ask = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({ messages: [{ role: 'user', content }], ...extra });

async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(join(entry.parentPath, entry.name));
  }
  return out;
}

describe('response cache', () => {
  describe('keys', () => {
    it('are stable over key order and the model name, and change with anything that changes the answer', () => {
      const schema = (a: unknown, b: unknown) => ({ type: 'json_schema' as const, json_schema: { name: 'r', schema: { a, b } } });
      const base = requestHash(TARGET, { kind: 'chat', request: ask('hi', { temperature: 0.5, responseFormat: schema(1, 2) }) });
      const reordered = { responseFormat: { json_schema: { schema: { b: 2, a: 1 }, name: 'r' }, type: 'json_schema' as const }, temperature: 0.5, messages: [{ content: 'hi', role: 'user' as const }] };
      assert.equal(requestHash(TARGET, { kind: 'chat', request: reordered }), base);
      assert.equal(requestHash(TARGET, { kind: 'chat', request: { ...reordered, model: 'renamed' } }), base, 'the configured name is not part of the request');
      const different = [
        requestHash(TARGET, { kind: 'chat', request: ask('hi!', { temperature: 0.5, responseFormat: schema(1, 2) }) }),
        requestHash(TARGET, { kind: 'chat', request: ask('hi', { temperature: 0.7, responseFormat: schema(1, 2) }) }),
        requestHash(TARGET, { kind: 'chat', request: ask('hi', { temperature: 0.5, maxTokens: 9, responseFormat: schema(1, 2) }) }),
        requestHash(TARGET, { kind: 'chat', request: ask('hi', { temperature: 0.5, responseFormat: schema(1, 3) }) }),
        requestHash({ ...TARGET, model: 'other' }, { kind: 'chat', request: ask('hi', { temperature: 0.5, responseFormat: schema(1, 2) }) }),
        requestHash({ ...TARGET, baseUrl: 'http://y/v1' }, { kind: 'chat', request: ask('hi', { temperature: 0.5, responseFormat: schema(1, 2) }) }),
      ];
      assert.equal(new Set([base, ...different]).size, 7);
      assert.notEqual(requestHash(TARGET, { kind: 'embed', request: { input: ['a'] } }), requestHash(TARGET, { kind: 'embed', request: { input: ['b'] } }));
      const keys = [answerKey(base, 's0.r0', 0), answerKey(base, 's0.r1', 0), answerKey(base, 's0.r0', 1), answerKey(base, 's1.r0', 0)];
      assert.equal(new Set(keys).size, 4);
      assert.equal(answerKey(base, 's0.r0', 0), keys[0]);
    });
  });

  describe('modes', () => {
    it('reuse answers a unit from its stored answers; repetitions and identical calls in a unit stay distinct', async () => {
      const dir = await tempDir();
      const first = countingPort();
      const writer = cache(first, dir, 'off');
      for (const unit of ['s0.r0', 's0.r1']) {
        const block = writer.forUnit(unit).forBlock();
        await block.llm.chat(ask('same'), signal);
        await block.llm.chat(ask('same'), signal);
      }
      assert.equal(first.calls.length, 4);
      assert.deepEqual(writer.tally().callsReused, 0);

      const offAgain = countingPort();
      await cache(offAgain, dir, 'off').forUnit('s0.r0').forBlock().llm.chat(ask('same'), signal);
      assert.equal(offAgain.calls.length, 1, 'off never reads');

      const second = countingPort();
      const reader = cache(second, dir, 'reuse');
      const answers: string[] = [];
      for (const unit of ['s0.r0', 's0.r1']) {
        const block = reader.forUnit(unit).forBlock();
        answers.push((await block.llm.chat(ask('same'), signal)).content, (await block.llm.chat(ask('same'), signal)).content);
        assert.equal(block.allReused(), true);
      }
      assert.equal(second.calls.length, 0);
      // off wrote `answer 1` over s0.r0's first answer: the cache holds the latest answer for a key.
      assert.deepEqual(answers, ['answer 1', 'answer 2', 'answer 3', 'answer 4']);
      const reused = await reader.forUnit('s0.r0').forBlock().llm.chat(ask('same'), signal);
      assert.deepEqual(reused.usage, { input_tokens: 0, output_tokens: 0, cached_tokens: 0 }, 'a reused answer costs nothing');
      const tally = reader.tally();
      assert.equal(tally.callsReused, 5);
      assert.equal(tally.callsMade, 0);
      assert.deepEqual(tally.savedUsage, { input_tokens: 50, output_tokens: 25, cached_tokens: 0 });
      assert.ok(Math.abs((tally.savedCost ?? 0) - (50 * 1 + 25 * 2) / 1000) < 1e-12);

      const mixed = reader.forUnit('s9.r0').forBlock();
      await mixed.llm.chat(ask('new'), signal);
      assert.equal(mixed.allReused(), false);
      assert.equal(second.calls.length, 1);
      assert.equal(reader.tally().callsMade, 1);
    });

    it('replay fails a miss with a clear message and never calls the endpoint', async () => {
      const dir = await tempDir();
      const inner = countingPort();
      await cache(inner, dir, 'off').forUnit('s0.r0').forBlock().llm.embed({ input: ['a', 'b'] }, signal);
      const replay = cache(inner, dir, 'replay').forUnit('s0.r0').forBlock();
      const vectors = await replay.llm.embed({ input: ['a', 'b'] }, signal);
      assert.deepEqual(vectors.vectors, [[0, 0], [1, 0]]);
      await assert.rejects(replay.llm.chat(ask('never asked'), signal), (e: unknown) => e instanceof CacheMissError && /No stored answer for this chat request .*'replay'/.test(e.message));
      assert.equal(inner.calls.length, 0);
    });
  });

  describe('storage', () => {
    it('reads a torn or altered file as a miss, never as a wrong answer', async () => {
      const dir = await tempDir();
      const store = new ResponseStore(dir, 1 << 20);
      const key = 'ab'.repeat(32);
      await store.put(key, { kind: 'chat', content: 'the answer', usage: { input_tokens: 1, output_tokens: 1, cached_tokens: 0 } });
      assert.equal((await store.get(key))?.kind, 'chat');
      const [file] = await allFiles(dir);
      const text = await readFile(file, 'utf8');
      await writeFile(file, text.slice(0, text.length - 7));
      assert.equal(await store.get(key), undefined, 'torn');
      await writeFile(file, text.replace('the answer', 'the wrong answer'));
      assert.equal(await store.get(key), undefined, 'altered');
      await writeFile(file, text);
      assert.equal(await store.get('cd'.repeat(32)), undefined, 'another key');
      assert.equal((await store.get(key))?.kind, 'chat');
    });

    it('keeps under its size limit by evicting the least recently used answers', async () => {
      const dir = await tempDir();
      const content = 'x'.repeat(1000);
      const probe = new ResponseStore(dir, 1 << 20);
      await probe.put('00'.repeat(32), { kind: 'chat', content, usage: { input_tokens: 1, output_tokens: 1, cached_tokens: 0 } });
      const one = (await responseCacheSize(dir)).bytes;
      await clearResponseCache(dir);
      const limit = one * 10;
      const store = new ResponseStore(dir, limit);
      const keys = Array.from({ length: 12 }, (_, i) => i.toString(16).padStart(2, '0').repeat(32));
      for (const [i, key] of keys.slice(0, 9).entries()) {
        await store.put(key, { kind: 'chat', content, usage: { input_tokens: 1, output_tokens: 1, cached_tokens: 0 } });
        const at = new Date(Date.UTC(2026, 0, 1, 0, i));
        await utimes(join(dir, key.slice(0, 2), `${key}.json`), at, at);
      }
      assert.equal((await responseCacheSize(dir)).answers, 9);
      assert.ok(await store.get(keys[0]), 'reading the oldest makes it the most recent');
      for (const key of keys.slice(9)) await store.put(key, { kind: 'chat', content, usage: { input_tokens: 1, output_tokens: 1, cached_tokens: 0 } });
      // The 11th answer went over the limit: the three least recently used went, down to 80 %; the 12th fits.
      const size = await responseCacheSize(dir);
      assert.ok(size.bytes <= limit, `${size.bytes} > ${limit}`);
      assert.equal(size.answers, 9);
      assert.ok(await store.get(keys[0]));
      assert.equal(await store.get(keys[1]), undefined);
      assert.equal(await store.get(keys[3]), undefined);
      assert.ok(await store.get(keys[4]));
      assert.ok(await store.get(keys[11]));
      assert.deepEqual(await clearResponseCache(dir), size);
      assert.equal((await responseCacheSize(dir)).answers, 0);
    });

    it('stores no API key or header: the stored bytes of a real client call do not contain them', async () => {
      const server = await FakeOpenAiServer.start({ apiKey: 'sk-very-secret-42' });
      try {
        const settings: ModelSettings = { ...DEFAULT_MODEL_SETTINGS, models: [{ name: 'fake', baseUrl: server.baseUrl, model: 'fake-model' }] };
        const client = new OpenAiLlmClient({ settings, keys: async () => 'sk-very-secret-42' });
        const dir = await tempDir();
        const llm = cache(client, dir, 'reuse', 1 << 20, settings);
        const answer = await llm.forUnit('s0.r0').forBlock().llm.chat(ask('tell me'), signal);
        assert.equal(server.counters.chat, 1);
        const again = await llm.forUnit('s0.r0').forBlock().llm.chat(ask('tell me'), signal);
        assert.equal(again.content, answer.content);
        assert.equal(server.counters.chat, 1);
        const files = await allFiles(dir);
        assert.equal(files.length, 1);
        for (const file of files) {
          const bytes = await readFile(file, 'utf8');
          assert.ok(!bytes.includes('sk-very-secret-42') && !/authorization|bearer/i.test(bytes), bytes);
        }
      } finally {
        await server.close();
      }
    });
  });
});
