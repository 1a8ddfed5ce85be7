import * as vscode from 'vscode';
import { LlmError, ModelConfigError } from '../core/errors';
import type { ModelConfig } from '../core/llm/llmTypes';
import { resolveChatModel } from '../core/llm/modelResolver';
import { OpenAiLlmClient } from '../core/llm/openAiClient';
import { readSettings, workspaceFolder } from '../host/hostSettings';
import type { Services } from '../host/services';
import { describeModel, type ModelKind } from './modelSettings';

/** What Test Connection found; returned to callers (tests, Configure Models) as well as shown. */
export interface ConnectionReport {
  ok: boolean;
  /** The configuration name tested. */
  name: string;
  latencyMs?: number;
  message: string;
}

// A connection test should answer while the user waits, not after the job-sized default of 120 s.
const TEST_TIMEOUT_MS = 30_000;
const LIST_MODELS_TIMEOUT_MS = 5_000;

/**
 * DataGenFlow: Test Connection — one tiny request (no retries) to a chat or embedding model with the key from
 * SecretStorage, under a cancellable progress notification; reports the latency or the exact failure.
 */
export async function testConnectionCommand(services: Services, nameArg?: unknown): Promise<ConnectionReport | undefined> {
  const settings = readSettings(workspaceFolder());
  const target = typeof nameArg === 'string' ? findModel(settings, nameArg) : await pickModel(settings);
  if (!target) return undefined;
  const { config, kind } = target;
  const where = `${config.name} (${describeModel(config)})`;
  const client = new OpenAiLlmClient({
    settings: { ...settings, requestTimeoutMs: Math.min(settings.requestTimeoutMs, TEST_TIMEOUT_MS), maxRetries: 0 },
    keys: (name) => services.keys.modelKey(name),
    retry: { maxRateLimitRetries: 0 },
  });
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `DataGenFlow: testing ${where}…`, cancellable: true },
    async (_progress, token): Promise<ConnectionReport> => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      let result: Probe;
      try {
        result = await probe(client, config, kind, controller.signal);
      } catch (error) {
        // A malformed entry (bad base URL, no model id) fails before any request: say which setting to fix.
        if (error instanceof ModelConfigError) return { ok: false, name: config.name, message: `Test Connection to ${where} failed: ${error.message}` };
        throw error;
      }
      if (result.ok) return { ok: true, name: config.name, latencyMs: result.latencyMs, message: `Connected to ${where} in ${result.latencyMs} ms.` };
      const reason = await explain(services, config, result.error, controller.signal);
      return { ok: false, name: config.name, message: `Test Connection to ${where} failed: ${reason}` };
    },
  );
  services.log.info(report.message);
  showReport(report);
  return report;
}

type Probe = { ok: true; latencyMs: number } | { ok: false; error: LlmError };

async function probe(client: OpenAiLlmClient, config: ModelConfig, kind: ModelKind, signal: AbortSignal): Promise<Probe> {
  if (kind === 'chat') return client.testConnection(config.name, signal);
  const started = performance.now();
  try {
    await client.embed({ model: config.name, input: ['hello'] }, signal);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    if (error instanceof LlmError) return { ok: false, error };
    throw error;
  }
}

/** The failure in the user's terms: what went wrong where, and the command that fixes it. */
async function explain(services: Services, config: ModelConfig, error: LlmError, signal: AbortSignal): Promise<string> {
  if (error.kind === 'auth') {
    const key = await services.keys.modelKey(config.name);
    return key === undefined
      ? `${config.baseUrl} needs an API key (HTTP ${error.status ?? 401}) and none is set for ${config.name}: run "DataGenFlow: Set API Key".`
      : `the API key was refused (HTTP ${error.status ?? 401}) by ${config.baseUrl}: run "DataGenFlow: Set API Key" for ${config.name}.`;
  }
  if (error.kind === 'not-found' && !signal.aborted) {
    const served = await servedModels(config, await services.keys.modelKey(config.name));
    if (served && !served.includes(config.model)) {
      const list = served.length > 0 ? ` (it serves: ${served.slice(0, 10).join(', ')}${served.length > 10 ? ', …' : ''})` : '';
      return `model ${config.model} does not exist at ${config.baseUrl}${list}. Fix the model id with "DataGenFlow: Configure Models" (for Ollama: ollama pull ${config.model}).`;
    }
  }
  // The client's messages already name the endpoint and say what to do (unreachable, timeout, 5xx, ...).
  return error.message;
}

/** The ids GET <baseUrl>/models lists, or undefined when the endpoint does not answer that (not every server does). */
async function servedModels(config: ModelConfig, key: string | undefined): Promise<string[] | undefined> {
  try {
    const response = await fetch(`${config.baseUrl.replace(/\/+$/, '')}/models`, {
      headers: key ? { Authorization: `Bearer ${key}` } : {},
      signal: AbortSignal.timeout(LIST_MODELS_TIMEOUT_MS),
    });
    if (!response.ok) return undefined;
    const body: unknown = await response.json();
    const data = typeof body === 'object' && body !== null ? (body as { data?: unknown }).data : undefined;
    if (!Array.isArray(data)) return undefined;
    return data.flatMap((m: unknown) => (typeof m === 'object' && m !== null && typeof (m as { id?: unknown }).id === 'string' ? [(m as { id: string }).id] : []));
  } catch {
    return undefined;
  }
}

type Target = { config: ModelConfig; kind: ModelKind };

function findModel(settings: ReturnType<typeof readSettings>, name: string): Target {
  const chat = settings.models.find((m) => m.name === name);
  if (chat) return { config: chat, kind: 'chat' };
  const embedding = settings.embeddingModels.find((m) => m.name === name);
  if (embedding) return { config: embedding, kind: 'embedding' };
  const names = [...settings.models, ...settings.embeddingModels].map((m) => m.name);
  throw new Error(`There is no model named "${name}" (configured: ${names.join(', ') || 'none'}). Add it with "DataGenFlow: Configure Models".`);
}

async function pickModel(settings: ReturnType<typeof readSettings>): Promise<Target | undefined> {
  const targets: Target[] = [
    ...settings.models.map((config) => ({ config, kind: 'chat' as const })),
    ...settings.embeddingModels.map((config) => ({ config, kind: 'embedding' as const })),
  ];
  // Nothing configured: blocks would use the default (local Ollama), so that is what to test.
  if (targets.length === 0) return { config: resolveChatModel(settings, undefined), kind: 'chat' };
  if (targets.length === 1) return targets[0];
  const items = targets.map((t) => ({
    label: t.config.name,
    description: describeModel(t.config),
    detail: t.kind === 'embedding' ? 'embedding model' : t.config.name === settings.defaultModel ? 'default model' : undefined,
    target: t,
  }));
  return (await vscode.window.showQuickPick(items, { title: 'DataGenFlow: Test Connection', placeHolder: 'Model to test' }))?.target;
}

function showReport(report: ConnectionReport): void {
  if (report.ok) {
    void vscode.window.showInformationMessage(`DataGenFlow: ${report.message}`);
    return;
  }
  const fix = /Set API Key/.test(report.message) ? 'Set API Key' : 'Configure Models';
  void vscode.window.showErrorMessage(`DataGenFlow: ${report.message}`, fix).then((choice) => {
    if (choice === 'Set API Key') void vscode.commands.executeCommand('datagenflow.setApiKey', report.name);
    else if (choice === 'Configure Models') void vscode.commands.executeCommand('datagenflow.configureModels');
  });
}
