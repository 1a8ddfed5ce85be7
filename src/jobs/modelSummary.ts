import type { JsonObject } from '../core/store/storeTypes';

interface RecordedModel {
  name: string;
  model: string;
  baseUrl?: string | null;
}

/**
 * The models a job could use, from the settings recorded with it: the default first. Blocks may override the
 * model, so every configured one is listed rather than guessing. The shape is read defensively because rows
 * written by older versions (or the CLI) may lack fields.
 */
export function describeModels(settings: JsonObject): string {
  const models = Array.isArray(settings.models) ? settings.models.filter(isRecordedModel) : [];
  const defaultName = typeof settings.defaultModel === 'string' && settings.defaultModel ? settings.defaultModel : models[0]?.name;
  if (models.length === 0) return defaultName ? defaultName : 'Ollama default (http://localhost:11434/v1)';
  const ordered = [...models].sort((a, b) => Number(b.name === defaultName) - Number(a.name === defaultName));
  return ordered.map((m) => `${m.name}: ${m.model}${m.baseUrl ? ` at ${m.baseUrl}` : ''}${m.name === defaultName ? ' (default)' : ''}`).join('; ');
}

function isRecordedModel(value: unknown): value is RecordedModel {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return typeof m.name === 'string' && typeof m.model === 'string' && (m.baseUrl === undefined || m.baseUrl === null || typeof m.baseUrl === 'string');
}
