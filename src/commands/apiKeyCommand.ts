import * as vscode from 'vscode';
import type { Services } from '../host/services';
import { describeModel, readModels, type ModelKind } from './modelSettings';

/** Secrets blocks ask for by name (the Langfuse blocks); the CLI reads the same names from the environment. */
const LANGFUSE_SECRETS = [
  { name: 'LANGFUSE_PUBLIC_KEY', detail: 'Langfuse public key (pk-lf-…)', hidden: true },
  { name: 'LANGFUSE_SECRET_KEY', detail: 'Langfuse secret key (sk-lf-…)', hidden: true },
  { name: 'LANGFUSE_HOST', detail: 'Langfuse host (default https://cloud.langfuse.com)', hidden: false },
] as const;

type Target = { kind: 'model'; name: string; modelKind: ModelKind; description: string } | { kind: 'secret'; name: string; hidden: boolean };

/** What the command did, for callers and tests; undefined when the user cancelled. */
export type ApiKeyOutcome = 'set' | 'removed' | undefined;

/**
 * DataGenFlow: Set API Key. Keys go to SecretStorage (the OS keychain) only: never to settings, logs, the database,
 * exports or traces. Programmatic use: `(modelOrSecretName, key)` sets it, `(name, null)` removes it; without a key
 * argument the user is asked, as from the palette.
 */
export async function setApiKeyCommand(services: Services, nameArg?: unknown, keyArg?: unknown): Promise<ApiKeyOutcome> {
  const target = typeof nameArg === 'string' ? findTarget(nameArg) : await pickTarget(services);
  if (!target) return undefined;
  if (keyArg === null) return remove(services, target);
  if (typeof keyArg === 'string') {
    const problem = validateValue(target, keyArg);
    if (problem) throw new Error(problem);
    return store(services, target, keyArg.trim());
  }
  const current = await readValue(services, target);
  if (current !== undefined) {
    const replace = { label: target.kind === 'model' ? '$(key) Replace the key…' : '$(edit) Replace the value…' };
    const removeItem = { label: target.kind === 'model' ? '$(trash) Remove the key' : '$(trash) Remove the value' };
    const choice = await vscode.window.showQuickPick([replace, removeItem], { title: `${labelOf(target)}: a value is stored` });
    if (!choice) return undefined;
    if (choice === removeItem) return remove(services, target);
  }
  const value = await vscode.window.showInputBox({
    title: `DataGenFlow: ${labelOf(target)}`,
    prompt: target.kind === 'model'
      ? `API key for ${target.description}. Stored in the OS keychain (VS Code SecretStorage), never in settings.`
      : `${target.name}. Stored in the OS keychain (VS Code SecretStorage), never in settings.`,
    password: target.kind === 'model' || target.hidden,
    ignoreFocusOut: true,
    validateInput: (v) => validateValue(target, v),
  });
  if (value === undefined) return undefined;
  return store(services, target, value.trim());
}

function findTarget(name: string): Target {
  for (const modelKind of ['chat', 'embedding'] as const) {
    const model = readModels(modelKind).find((m) => m.name === name);
    if (model) return { kind: 'model', name, modelKind, description: `model ${name} (${describeModel(model)})` };
  }
  const secret = LANGFUSE_SECRETS.find((s) => s.name === name);
  if (secret) return { kind: 'secret', name, hidden: secret.hidden };
  const names = [...readModels('chat'), ...readModels('embedding')].map((m) => m.name);
  throw new Error(
    `There is no model named "${name}" (configured: ${names.join(', ') || 'none'}). Add it with "DataGenFlow: Configure Models" first, ` +
      `or give one of ${LANGFUSE_SECRETS.map((s) => s.name).join(', ')}.`,
  );
}

async function pickTarget(services: Services): Promise<Target | undefined> {
  type Item = vscode.QuickPickItem & { target?: Target };
  const items: Item[] = [];
  for (const modelKind of ['chat', 'embedding'] as const) {
    const models = readModels(modelKind);
    if (models.length > 0) items.push({ label: modelKind === 'chat' ? 'Models' : 'Embedding models', kind: vscode.QuickPickItemKind.Separator });
    for (const m of models) {
      const hasKey = (await services.keys.modelKey(m.name)) !== undefined;
      items.push({
        label: `$(${hasKey ? 'key' : 'circle-slash'}) ${m.name}`,
        description: describeModel(m),
        detail: hasKey ? 'key set' : 'no key set (local servers such as Ollama need none)',
        target: { kind: 'model', name: m.name, modelKind, description: `model ${m.name} (${describeModel(m)})` },
      });
    }
  }
  // Keys belong to named models: without any, the way forward is to add one (Langfuse values need none).
  const configure: Item = { label: '$(add) Add a model first…', detail: 'No model is configured yet: DataGenFlow: Configure Models' };
  if (items.length === 0) items.push(configure);
  items.push({ label: 'Langfuse', kind: vscode.QuickPickItemKind.Separator });
  for (const s of LANGFUSE_SECRETS) {
    const isSet = (await services.keys.secret(s.name)) !== undefined;
    items.push({ label: `$(${isSet ? 'key' : 'circle-slash'}) ${s.name}`, description: isSet ? 'set' : 'not set', detail: s.detail, target: { kind: 'secret', name: s.name, hidden: s.hidden } });
  }
  const picked = await vscode.window.showQuickPick(items, { title: 'DataGenFlow: Set API Key', placeHolder: 'Model or secret to set', matchOnDescription: true });
  if (picked === configure) await vscode.commands.executeCommand('datagenflow.configureModels');
  return picked?.target;
}

function validateValue(target: Target, value: string): string | undefined {
  const text = value.trim();
  if (text === '') return target.kind === 'model' ? 'Paste the API key (or press Escape; local servers need none).' : `Enter ${target.name}.`;
  if (target.kind === 'secret' && target.name === 'LANGFUSE_HOST') {
    return /^https?:\/\/[^\s]+$/.test(text) ? undefined : 'Enter the Langfuse URL, e.g. https://cloud.langfuse.com.';
  }
  // Keys are single tokens: whitespace inside means a paste went wrong (two keys, a line break, "Bearer …").
  return /\s/.test(text) ? 'The key contains spaces or line breaks: paste only the key itself (without "Bearer").' : undefined;
}

function readValue(services: Services, target: Target): Promise<string | undefined> {
  return target.kind === 'model' ? services.keys.modelKey(target.name) : services.keys.secret(target.name);
}

async function store(services: Services, target: Target, value: string): Promise<'set'> {
  if (target.kind === 'model') await services.keys.setModelKey(target.name, value);
  else await services.keys.setSecret(target.name, value);
  // Names only: the value never reaches the log (the logger would redact it anyway).
  services.log.info(`${labelOf(target)} stored in SecretStorage`);
  const message = `DataGenFlow: ${labelOf(target)} stored in the OS keychain (SecretStorage); it is never written to settings.`;
  if (target.kind === 'model') {
    const test = 'Test Connection';
    void vscode.window.showInformationMessage(message, test).then((choice) => {
      if (choice === test) void vscode.commands.executeCommand('datagenflow.testConnection', target.name);
    });
  } else {
    void vscode.window.showInformationMessage(message);
  }
  return 'set';
}

async function remove(services: Services, target: Target): Promise<'removed'> {
  if (target.kind === 'model') await services.keys.deleteModelKey(target.name);
  else await services.keys.deleteSecret(target.name);
  services.log.info(`${labelOf(target)} removed from SecretStorage`);
  void vscode.window.showInformationMessage(`DataGenFlow: ${labelOf(target)} removed from the OS keychain.`);
  return 'removed';
}

function labelOf(target: Target): string {
  return target.kind === 'model' ? `API key of ${target.modelKind === 'chat' ? 'model' : 'embedding model'} ${target.name}` : target.name;
}
