import { ModelConfigError } from '../errors';
import { OLLAMA_DEFAULT, type ModelConfig, type ModelSettings } from './llmTypes';

/**
 * Turns the `model` name a block asks for into a concrete configuration.
 *
 * Chat: a name → that configuration; no name → `defaultModel` → the first configured model → local Ollama, so a
 * fresh install with Ollama running works without any settings. Embeddings follow the same order but have no
 * Ollama fallback: there is no embedding model every Ollama install has pulled, so guessing would only fail later
 * with a less helpful message.
 */
export function resolveChatModel(settings: ModelSettings, name: string | undefined): ModelConfig {
  const wanted = blankToUndefined(name);
  if (wanted !== undefined) {
    return checked(findNamed(settings.models, wanted) ?? unknownChatModel(settings, wanted, 'datagenflow.models'));
  }
  const fallback = blankToUndefined(settings.defaultModel);
  if (fallback !== undefined) {
    return checked(findNamed(settings.models, fallback) ?? unknownChatModel(settings, fallback, 'datagenflow.defaultModel'));
  }
  return checked(settings.models[0] ?? OLLAMA_DEFAULT);
}

export function resolveEmbeddingModel(settings: ModelSettings, name: string | undefined): ModelConfig {
  const asked = blankToUndefined(name);
  const wanted = asked ?? blankToUndefined(settings.defaultEmbeddingModel);
  if (wanted !== undefined) {
    const found = findNamed(settings.embeddingModels, wanted);
    if (!found) {
      const fix = asked === undefined ? ' or fix datagenflow.defaultEmbeddingModel' : '';
      throw new ModelConfigError(
        `Embedding model '${wanted}' is not configured. Configured embedding models: ${listNames(settings.embeddingModels)}. ` +
          `Add it in settings datagenflow.embeddingModels${fix}.`,
      );
    }
    return checked(found);
  }
  const first = settings.embeddingModels[0];
  if (!first) {
    throw new ModelConfigError(
      'No embedding model is configured. Add one in settings datagenflow.embeddingModels ' +
        '(e.g. { "name": "embed", "baseUrl": "http://localhost:11434/v1", "model": "nomic-embed-text" }).',
    );
  }
  return checked(first);
}

function unknownChatModel(settings: ModelSettings, name: string, source: 'datagenflow.models' | 'datagenflow.defaultModel'): never {
  const fix = source === 'datagenflow.defaultModel' ? ' or fix datagenflow.defaultModel' : '';
  throw new ModelConfigError(
    `Model '${name}' is not configured. Configured models: ${listNames(settings.models)}. Add it in settings datagenflow.models${fix}.`,
  );
}

function findNamed(configs: readonly ModelConfig[], name: string): ModelConfig | undefined {
  return configs.find((config) => config.name === name);
}

function listNames(configs: readonly ModelConfig[]): string {
  return configs.length > 0 ? configs.map((config) => config.name).join(', ') : '(none)';
}

// Settings are user-edited JSON: a missing or malformed base URL would otherwise surface as an obscure SDK error
// on the first request, far from the setting that caused it.
function checked(config: ModelConfig): ModelConfig {
  const baseUrl = typeof config.baseUrl === 'string' ? config.baseUrl.trim() : '';
  if (baseUrl === '') {
    throw new ModelConfigError(
      `Model '${config.name}' has no baseUrl. Set it in settings, e.g. "http://localhost:11434/v1" for Ollama or "https://api.openai.com/v1".`,
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new ModelConfigError(`Model '${config.name}' has an invalid baseUrl '${baseUrl}'. Use a full URL such as http://localhost:11434/v1.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ModelConfigError(`Model '${config.name}' has baseUrl '${baseUrl}' which is not http(s).`);
  }
  if (typeof config.model !== 'string' || config.model.trim() === '') {
    throw new ModelConfigError(`Model '${config.name}' has no model id. Set "model" (the name the endpoint expects, e.g. llama3).`);
  }
  return baseUrl === config.baseUrl ? config : { ...config, baseUrl };
}

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
