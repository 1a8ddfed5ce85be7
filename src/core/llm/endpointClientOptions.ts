import type { ClientOptions } from 'openai';
import type { RequestContext } from './errorMapping';
import type { ModelConfig } from './llmTypes';

// The SDK refuses to run without some key; local servers (Ollama, llama.cpp) need none. The Authorization header
// is removed for such requests anyway (below), so this never leaves the process.
const NO_KEY_PLACEHOLDER = 'no-key';

/**
 * The `openai` SDK options for a configured endpoint and its key (undefined: none), whatever calls it (chat,
 * embeddings, the Batch API): the caller adds its retries and transport.
 */
export function endpointClientOptions(baseUrl: string, key: string | undefined, timeoutMs: number): ClientOptions {
  return {
    baseURL: baseUrl,
    apiKey: key ?? NO_KEY_PLACEHOLDER,
    // Explicit nulls: the SDK would otherwise read OPENAI_* environment variables and send an OpenAI
    // organization, project or admin key to whatever endpoint the user configured.
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    defaultHeaders: key === undefined ? { Authorization: null } : undefined,
    timeout: timeoutMs,
  };
}

/** What an error message may say about a request to `config` (never the key itself: it is listed to be masked). */
export function endpointRequestContext(config: ModelConfig, key: string | undefined, timeoutMs: number): RequestContext {
  return { baseUrl: config.baseUrl, model: config.model, configName: config.name, timeoutMs, keySet: key !== undefined, secrets: key !== undefined ? [key] : [] };
}
