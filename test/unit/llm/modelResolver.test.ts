import assert from 'node:assert/strict';
import { ModelConfigError } from '../../../src/core/errors';
import { DEFAULT_MODEL_SETTINGS, OLLAMA_DEFAULT, type ModelConfig, type ModelSettings } from '../../../src/core/llm/llmTypes';
import { resolveChatModel, resolveEmbeddingModel } from '../../../src/core/llm/modelResolver';

const gpt: ModelConfig = { name: 'gpt', baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini' };
const local: ModelConfig = { name: 'local', baseUrl: 'http://localhost:11434/v1', model: 'llama3' };
const embedA: ModelConfig = { name: 'embed-a', baseUrl: 'http://localhost:11434/v1', model: 'nomic-embed-text' };
const embedB: ModelConfig = { name: 'embed-b', baseUrl: 'https://api.openai.com/v1', model: 'text-embedding-3-small' };

function settings(overrides: Partial<ModelSettings>): ModelSettings {
  return { ...DEFAULT_MODEL_SETTINGS, ...overrides };
}

function throwsConfig(fn: () => unknown, ...fragments: string[]): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ModelConfigError, `expected ModelConfigError, got ${String(error)}`);
    for (const fragment of fragments) assert.ok(error.message.includes(fragment), `"${error.message}" should include "${fragment}"`);
    return true;
  });
}

describe('modelResolver', () => {
  describe('resolveChatModel', () => {
    it('returns the configuration a name asks for', () => {
      assert.deepEqual(resolveChatModel(settings({ models: [gpt, local] }), 'local'), local);
    });

    it('rejects an unknown name, listing the configured ones and the setting to edit', () => {
      throwsConfig(
        () => resolveChatModel(settings({ models: [gpt, local] }), 'x'),
        "Model 'x' is not configured. Configured models: gpt, local. Add it in settings datagenflow.models.",
      );
    });

    it('says (none) when nothing is configured and a name is asked for', () => {
      throwsConfig(() => resolveChatModel(settings({}), 'x'), 'Configured models: (none).');
    });

    it('uses defaultModel when no name is given', () => {
      assert.deepEqual(resolveChatModel(settings({ models: [gpt, local], defaultModel: 'local' }), undefined), local);
    });

    it('rejects a defaultModel that names nothing configured, pointing at that setting', () => {
      throwsConfig(() => resolveChatModel(settings({ models: [gpt], defaultModel: 'gone' }), undefined), "Model 'gone'", 'datagenflow.defaultModel');
    });

    it('falls back to the first configured model when defaultModel is unset or blank', () => {
      assert.deepEqual(resolveChatModel(settings({ models: [gpt, local] }), undefined), gpt);
      assert.deepEqual(resolveChatModel(settings({ models: [gpt, local], defaultModel: '  ' }), ''), gpt);
    });

    it('falls back to local Ollama when nothing is configured', () => {
      assert.deepEqual(resolveChatModel(settings({}), undefined), OLLAMA_DEFAULT);
      assert.equal(OLLAMA_DEFAULT.baseUrl, 'http://localhost:11434/v1');
      assert.equal(OLLAMA_DEFAULT.model, 'llama3');
    });

    it('rejects a configuration without a usable baseUrl or model id', () => {
      throwsConfig(() => resolveChatModel(settings({ models: [{ name: 'a', baseUrl: '', model: 'm' }] }), 'a'), "Model 'a' has no baseUrl");
      throwsConfig(() => resolveChatModel(settings({ models: [{ name: 'a', baseUrl: 'localhost:11434', model: 'm' }] }), 'a'), 'not http(s)');
      throwsConfig(() => resolveChatModel(settings({ models: [{ name: 'a', baseUrl: 'http://', model: 'm' }] }), 'a'), 'invalid baseUrl');
      throwsConfig(() => resolveChatModel(settings({ models: [{ name: 'a', baseUrl: 'http://h/v1', model: ' ' }] }), 'a'), 'no model id');
    });

    it('trims stray whitespace around the baseUrl', () => {
      assert.equal(resolveChatModel(settings({ models: [{ ...gpt, baseUrl: ' https://api.openai.com/v1 ' }] }), 'gpt').baseUrl, gpt.baseUrl);
    });
  });

  describe('resolveEmbeddingModel', () => {
    it('returns the configuration a name asks for', () => {
      assert.deepEqual(resolveEmbeddingModel(settings({ embeddingModels: [embedA, embedB] }), 'embed-b'), embedB);
    });

    it('rejects an unknown name, listing the configured embedding models', () => {
      throwsConfig(
        () => resolveEmbeddingModel(settings({ embeddingModels: [embedA, embedB] }), 'x'),
        "Embedding model 'x' is not configured. Configured embedding models: embed-a, embed-b. Add it in settings datagenflow.embeddingModels",
      );
    });

    it('does not look among chat models', () => {
      throwsConfig(() => resolveEmbeddingModel(settings({ models: [gpt], embeddingModels: [embedA] }), 'gpt'), "Embedding model 'gpt'");
    });

    it('uses defaultEmbeddingModel, then the first embedding model', () => {
      assert.deepEqual(resolveEmbeddingModel(settings({ embeddingModels: [embedA, embedB], defaultEmbeddingModel: 'embed-b' }), undefined), embedB);
      assert.deepEqual(resolveEmbeddingModel(settings({ embeddingModels: [embedA, embedB] }), undefined), embedA);
    });

    it('rejects a defaultEmbeddingModel that names nothing configured', () => {
      throwsConfig(
        () => resolveEmbeddingModel(settings({ embeddingModels: [embedA], defaultEmbeddingModel: 'gone' }), undefined),
        "Embedding model 'gone'",
        'datagenflow.defaultEmbeddingModel',
      );
    });

    it('has no Ollama fallback: with none configured it says to configure one', () => {
      throwsConfig(() => resolveEmbeddingModel(settings({ models: [local] }), undefined), 'No embedding model is configured', 'datagenflow.embeddingModels');
    });
  });
});
