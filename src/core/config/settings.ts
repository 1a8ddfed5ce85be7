import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { DgfError } from '../errors';
import { MAX_JSON_DEPTH, tooDeepOffset } from '../json/jsonDepth';
import { LineIndex } from '../json/lineIndex';
import { DEFAULT_MODEL_SETTINGS, type ModelConfig, type ModelSettings } from '../llm/llmTypes';
import { DEFAULT_RENDER_LIMITS, type RenderLimits } from '../templates/renderLimits';
import { DEFAULT_MAX_UNITS_PER_JOB } from '../seeds/unitLimit';
import { batchSettingsFromValues, DEFAULT_BATCH_SETTINGS, type BatchSettings } from '../batch/batchSettings';
import { DEFAULT_RESPONSE_CACHE_MAX_MB, isResponseCacheMode, type ResponseCacheMode } from '../cache/cacheTypes';

/** The `datagenflow.*` settings, shared by the extension (VS Code configuration) and the CLI (.vscode/settings.json). */
export interface DataGenFlowSettings extends ModelSettings {
  databasePath: string;
  customBlocksFolder: string;
  logLevel: 'error' | 'warn' | 'info' | 'debug';
  /** Units (seeds × repetitions, or chunks) one job may have: `datagenflow.maxUnitsPerJob`. */
  maxUnitsPerJob: number;
  /** Budgets of one template render: `datagenflow.templates.renderTimeoutMs`, `datagenflow.templates.maxRenderBytes`. */
  templates: RenderLimits;
  /** `datagenflow.responseCache`: whether a run reads stored answers (`reuse`), needs them (`replay`), or not (`off`). */
  responseCache: ResponseCacheMode;
  /** `datagenflow.responseCacheMaxMb`: the stored answers' size limit; 0 stores none. */
  responseCacheMaxMb: number;
  /** `datagenflow.batch.*`: how batch jobs use the provider's Batch API. */
  batch: BatchSettings;
}

export const DEFAULT_SETTINGS: DataGenFlowSettings = {
  ...DEFAULT_MODEL_SETTINGS,
  databasePath: '.datagenflow/datagenflow.db',
  customBlocksFolder: '.datagenflow/blocks',
  logLevel: 'info',
  maxUnitsPerJob: DEFAULT_MAX_UNITS_PER_JOB,
  templates: { ...DEFAULT_RENDER_LIMITS },
  responseCache: 'off',
  responseCacheMaxMb: DEFAULT_RESPONSE_CACHE_MAX_MB,
  batch: { ...DEFAULT_BATCH_SETTINGS },
};

/** Reads `datagenflow.*` keys from raw settings values (flat keys, as in settings.json or VS Code's `get`). */
export function settingsFromValues(get: (key: string) => unknown): DataGenFlowSettings {
  const num = (key: string, fallback: number, min: number) => {
    const v = get(key);
    return typeof v === 'number' && Number.isFinite(v) && v >= min ? v : fallback;
  };
  const str = (key: string, fallback: string) => {
    const v = get(key);
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : fallback;
  };
  const level = get('logLevel');
  const cacheMode = get('responseCache');
  return {
    models: modelList(get('models')),
    defaultModel: str('defaultModel', '') || undefined,
    embeddingModels: modelList(get('embeddingModels')),
    defaultEmbeddingModel: str('defaultEmbeddingModel', '') || undefined,
    concurrency: Math.floor(num('concurrency', DEFAULT_SETTINGS.concurrency, 1)),
    requestTimeoutMs: num('requestTimeoutSeconds', DEFAULT_SETTINGS.requestTimeoutMs / 1000, 0.001) * 1000,
    maxRetries: Math.floor(num('maxRetries', DEFAULT_SETTINGS.maxRetries, 0)),
    databasePath: str('databasePath', DEFAULT_SETTINGS.databasePath),
    customBlocksFolder: str('customBlocksFolder', DEFAULT_SETTINGS.customBlocksFolder),
    logLevel: level === 'error' || level === 'warn' || level === 'debug' ? level : 'info',
    maxUnitsPerJob: Math.floor(num('maxUnitsPerJob', DEFAULT_MAX_UNITS_PER_JOB, 1)),
    templates: {
      timeoutMs: num('templates.renderTimeoutMs', DEFAULT_RENDER_LIMITS.timeoutMs, 1),
      maxBytes: Math.floor(num('templates.maxRenderBytes', DEFAULT_RENDER_LIMITS.maxBytes, 1)),
    },
    responseCache: isResponseCacheMode(cacheMode) ? cacheMode : 'off',
    responseCacheMaxMb: num('responseCacheMaxMb', DEFAULT_RESPONSE_CACHE_MAX_MB, 0),
    batch: batchSettingsFromValues(get),
  };
}

/** Parses a `.vscode/settings.json` text (JSON with comments) into DataGenFlow settings. */
export function settingsFromSettingsJson(text: string, file = '.vscode/settings.json'): DataGenFlowSettings {
  const deep = tooDeepOffset(text);
  if (deep >= 0) {
    const { line, column } = new LineIndex(text).position(deep);
    throw new DgfError('settings-invalid', `${file}:${line}:${column}: JSON nested deeper than ${MAX_JSON_DEPTH} levels. Fix it or run without it.`);
  }
  const errors: ParseError[] = [];
  const raw: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  if (errors.length > 0 || typeof raw !== 'object' || raw === null) {
    throw new DgfError('settings-invalid', `${file} is not valid JSON (offset ${errors[0]?.offset ?? 0}). Fix it or run without it.`);
  }
  const values = raw as Record<string, unknown>;
  return settingsFromValues((key) => values[`datagenflow.${key}`]);
}

function modelList(value: unknown): ModelConfig[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((m): m is Record<string, unknown> => typeof m === 'object' && m !== null)
    .filter((m) => typeof m.name === 'string' && typeof m.model === 'string')
    .map((m) => ({
      name: String(m.name),
      baseUrl: typeof m.baseUrl === 'string' && m.baseUrl !== '' ? m.baseUrl : 'http://localhost:11434/v1',
      model: String(m.model),
      ...(typeof m.pricePer1kInput === 'number' ? { pricePer1kInput: m.pricePer1kInput } : {}),
      ...(typeof m.pricePer1kOutput === 'number' ? { pricePer1kOutput: m.pricePer1kOutput } : {}),
      ...(m.batch === true ? { batch: true } : {}),
      ...(typeof m.batchDiscount === 'number' && m.batchDiscount >= 0 && m.batchDiscount <= 1 ? { batchDiscount: m.batchDiscount } : {}),
      ...(typeof m.batchPricePer1kInput === 'number' ? { batchPricePer1kInput: m.batchPricePer1kInput } : {}),
      ...(typeof m.batchPricePer1kOutput === 'number' ? { batchPricePer1kOutput: m.batchPricePer1kOutput } : {}),
    }));
}
