import assert from 'node:assert/strict';
import { LlmError } from '../../../src/core/errors';
import type { RequestContext } from '../../../src/core/llm/errorMapping';
import { parseChatCompletion, parseEmbeddings, usageOf } from '../../../src/core/llm/responseParsing';

const ctx: RequestContext = { baseUrl: 'http://h/v1', model: 'm' };

function invalid(fn: () => unknown, fragment: RegExp): void {
  assert.throws(fn, (error: unknown) => error instanceof LlmError && error.kind === 'invalid-response' && fragment.test(error.message));
}

describe('responseParsing', () => {
  it('reads content and usage of a completion', () => {
    const body = {
      choices: [{ message: { role: 'assistant', content: 'hi' } }],
      usage: { prompt_tokens: 7, completion_tokens: 2, prompt_tokens_details: { cached_tokens: 4 } },
    };
    assert.deepEqual(parseChatCompletion(body, ctx), { content: 'hi', usage: { input_tokens: 7, output_tokens: 2, cached_tokens: 4 } });
  });

  it('turns null content into an empty answer and missing usage into zeros', () => {
    assert.deepEqual(parseChatCompletion({ choices: [{ message: { content: null } }] }, ctx), {
      content: '',
      usage: { input_tokens: 0, output_tokens: 0, cached_tokens: 0 },
    });
    assert.deepEqual(usageOf({ prompt_tokens: 3, completion_tokens: -1 }), { input_tokens: 3, output_tokens: 0, cached_tokens: 0 });
  });

  it('rejects bodies that are not completions, naming the endpoint', () => {
    invalid(() => parseChatCompletion('<html>login</html>', ctx), /http:\/\/h\/v1 \(model m\) returned text instead of JSON \("<html>login<\/html>"\)/);
    invalid(() => parseChatCompletion(undefined, ctx), /empty or non-object body/);
    invalid(() => parseChatCompletion({ choices: [] }, ctx), /without choices/);
    invalid(() => parseChatCompletion({ choices: [{}] }, ctx), /without a message/);
    invalid(() => parseChatCompletion({ choices: [{ message: { content: 42 } }] }, ctx), /not text/);
  });

  it('orders embeddings by index and checks their count and type', () => {
    const body = { data: [{ index: 1, embedding: [3, 4] }, { index: 0, embedding: [1, 2] }], usage: { prompt_tokens: 5 } };
    assert.deepEqual(parseEmbeddings(body, 2, ctx), { vectors: [[1, 2], [3, 4]], usage: { input_tokens: 5, output_tokens: 0, cached_tokens: 0 } });
    invalid(() => parseEmbeddings({ data: [] }, 2, ctx), /0 embeddings for 2 inputs/);
    invalid(() => parseEmbeddings({ data: [{ index: 0, embedding: 'AAAA' }] }, 1, ctx), /not a list of numbers/);
    invalid(() => parseEmbeddings({ data: [{ index: 0, embedding: [1] }, { index: 0, embedding: [2] }] }, 2, ctx), /bad index/);
    invalid(() => parseEmbeddings({}, 1, ctx), /without data/);
  });
});
