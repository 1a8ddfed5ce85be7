import type { KeyLookup } from '../core/llm/llmTypes';

/** API keys from the environment: a per-model variable first, then the shared ones. Keys never leave memory. */
export function environmentKeys(env: NodeJS.ProcessEnv = process.env): KeyLookup {
  return async (modelName) => {
    const perModel = `DATAGENFLOW_API_KEY_${modelName.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
    return env[perModel] || env.DATAGENFLOW_API_KEY || env.OPENAI_API_KEY || undefined;
  };
}
