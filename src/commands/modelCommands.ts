import * as vscode from 'vscode';
import type { ModelConfig } from '../core/llm/llmTypes';
import type { Services } from '../host/services';
import {
  checkModel,
  describeModel,
  modelSettingsTarget,
  parsePrice,
  readDefaultName,
  readModelEntries,
  readModels,
  targetLabel,
  upsertEntry,
  validateBaseUrl,
  validateModelId,
  validateModelName,
  validatePrice,
  writeDefaultName,
  writeModelEntries,
  OLLAMA_BASE_URL,
  type ModelKind,
} from './modelSettings';

/** Programmatic form of Configure Models (tests, other commands): one change, applied like the UI applies it. */
export interface ConfigureModelsRequest {
  kind?: ModelKind;
  /** Adds the model, or replaces the entry named `replacing` (default: the model's own name). */
  upsert?: ModelConfig & { replacing?: string };
  remove?: string;
  setDefault?: string;
}

export interface ModelsState {
  models: ModelConfig[];
  defaultName?: string;
}

/**
 * DataGenFlow: Configure Models — add, edit and remove named models (chat and embedding), pick the default, and
 * reach Set API Key and Test Connection per model. With a `ConfigureModelsRequest` argument it applies that change
 * without any UI and returns the resulting list.
 */
export async function configureModelsCommand(services: Services, arg?: unknown): Promise<ModelsState | undefined> {
  if (arg !== undefined) {
    const request = toRequest(arg);
    await apply(services, request);
    const kind = request.kind ?? 'chat';
    return { models: readModels(kind), defaultName: readDefaultName(kind) };
  }
  for (;;) {
    const next = await mainMenu();
    if (!next) return undefined;
    await next(services);
  }
}

type Step = (services: Services) => Promise<void>;

async function mainMenu(): Promise<Step | undefined> {
  type Item = vscode.QuickPickItem & { step?: Step };
  const items: Item[] = [];
  for (const kind of ['chat', 'embedding'] as const) {
    const models = readModels(kind);
    const defaultName = readDefaultName(kind) ?? models[0]?.name;
    items.push({ label: kind === 'chat' ? 'Models' : 'Embedding models', kind: vscode.QuickPickItemKind.Separator });
    for (const m of models) {
      items.push({ label: `${m.name === defaultName ? '$(star-full)' : '$(circle-outline)'} ${m.name}`, description: describeModel(m), detail: m.name === defaultName ? 'default' : undefined, step: (s) => modelMenu(s, kind, m) });
    }
    items.push({ label: kind === 'chat' ? '$(add) Add model…' : '$(add) Add embedding model…', step: (s) => editModel(s, kind) });
  }
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  items.push({ label: '$(key) Set API Key…', step: async () => {
    await vscode.commands.executeCommand('datagenflow.setApiKey');
  } });
  items.push({ label: '$(json) Open settings JSON', detail: 'Edit datagenflow.models and datagenflow.embeddingModels by hand', step: openSettingsJson });
  const picked = await vscode.window.showQuickPick(items, {
    title: `DataGenFlow: Configure Models (saved in ${targetLabel(modelSettingsTarget())})`,
    placeHolder: 'Pick a model to edit it, set its key or test it; Escape when done',
    matchOnDescription: true,
  });
  return picked?.step;
}

async function modelMenu(services: Services, kind: ModelKind, model: ModelConfig): Promise<void> {
  const isDefault = (readDefaultName(kind) ?? readModels(kind)[0]?.name) === model.name;
  const hasKey = (await services.keys.modelKey(model.name)) !== undefined;
  const actions: (vscode.QuickPickItem & { run: () => Thenable<unknown> })[] = [
    { label: '$(edit) Edit…', description: describeModel(model), run: () => editModel(services, kind, model) },
    ...(isDefault ? [] : [{ label: '$(star) Set as default', run: () => apply(services, { kind, setDefault: model.name }) }]),
    { label: '$(key) Set API Key…', description: hasKey ? 'a key is set' : 'no key', run: () => vscode.commands.executeCommand('datagenflow.setApiKey', model.name) },
    { label: '$(plug) Test Connection', run: () => vscode.commands.executeCommand('datagenflow.testConnection', model.name) },
    { label: '$(trash) Remove…', run: () => confirmRemove(services, kind, model.name, hasKey) },
  ];
  const picked = await vscode.window.showQuickPick(actions, { title: `DataGenFlow: ${kind === 'chat' ? 'model' : 'embedding model'} ${model.name}` });
  await picked?.run();
}

/** Add (no `existing`) or edit: one input box per field, pre-filled; Escape at any step leaves settings unchanged. */
async function editModel(services: Services, kind: ModelKind, existing?: ModelConfig): Promise<void> {
  const what = kind === 'chat' ? 'model' : 'embedding model';
  const title = (step: number) => `DataGenFlow: ${existing ? `edit ${what} ${existing.name}` : `add ${what}`} (${step}/5)`;
  const taken = readModels(kind).map((m) => m.name).filter((n) => n !== existing?.name);
  const ask = (step: number, prompt: string, value: string, validate: (v: string) => string | undefined, placeHolder?: string) =>
    vscode.window.showInputBox({ title: title(step), prompt, value, placeHolder, ignoreFocusOut: true, validateInput: validate });
  const name = await ask(1, 'Name: blocks refer to the model by it', existing?.name ?? '', (v) => validateModelName(v, taken), kind === 'chat' ? 'e.g. local' : 'e.g. embed');
  if (name === undefined) return;
  const baseUrl = await ask(2, 'OpenAI-compatible base URL', existing?.baseUrl ?? OLLAMA_BASE_URL, validateBaseUrl);
  if (baseUrl === undefined) return;
  const modelId = await ask(3, 'Model id sent to the endpoint', existing?.model ?? '', validateModelId, kind === 'chat' ? 'e.g. llama3.2, gpt-4o-mini' : 'e.g. nomic-embed-text');
  if (modelId === undefined) return;
  const priceIn = await ask(4, 'Optional: price per 1k input tokens (for cost estimates); leave blank for none', priceText(existing?.pricePer1kInput), validatePrice);
  if (priceIn === undefined) return;
  const priceOut = await ask(5, 'Optional: price per 1k output tokens; leave blank for none', priceText(existing?.pricePer1kOutput), validatePrice);
  if (priceOut === undefined) return;
  const model: ModelConfig = { name, baseUrl: baseUrl.trim().replace(/\/+$/, ''), model: modelId.trim() };
  const input = parsePrice(priceIn);
  const output = parsePrice(priceOut);
  if (input !== undefined) model.pricePer1kInput = input;
  if (output !== undefined) model.pricePer1kOutput = output;
  await apply(services, { kind, upsert: { ...model, replacing: existing?.name } });
  const setKey = 'Set API Key';
  const test = 'Test Connection';
  void vscode.window.showInformationMessage(`DataGenFlow: ${what} ${name} saved in ${targetLabel(modelSettingsTarget())}.`, setKey, test).then((choice) => {
    if (choice === setKey) void vscode.commands.executeCommand('datagenflow.setApiKey', name);
    if (choice === test) void vscode.commands.executeCommand('datagenflow.testConnection', name);
  });
}

async function confirmRemove(services: Services, kind: ModelKind, name: string, hasKey: boolean): Promise<void> {
  const remove = 'Remove';
  const withKey = 'Remove with its API key';
  // The keychain is shared by every workspace: another folder may use a model of the same name and key.
  const choice = await vscode.window.showWarningMessage(
    `Remove model ${name} from ${targetLabel(modelSettingsTarget())}?`,
    { modal: true, detail: hasKey ? 'Its API key stays in the OS keychain unless you remove it too (other workspaces may use a model of the same name).' : undefined },
    ...(hasKey ? [remove, withKey] : [remove]),
  );
  if (!choice) return;
  await apply(services, { kind, remove: name });
  if (choice === withKey) await services.keys.deleteModelKey(name);
}

async function apply(services: Services, request: ConfigureModelsRequest): Promise<void> {
  const kind = request.kind ?? 'chat';
  const entries = readModelEntries(kind);
  const defaultName = readDefaultName(kind);
  if (request.upsert) {
    const { replacing, ...model } = request.upsert;
    const oldName = replacing ?? model.name;
    const exists = entries.some((e) => e.name === oldName);
    checkModel(model, readModels(kind).map((m) => m.name).filter((n) => !(exists && n === oldName)));
    await writeModelEntries(kind, upsertEntry(entries, model, oldName));
    if (exists && oldName !== model.name) await renamed(services, kind, oldName, model.name, defaultName);
    services.log.info(`${kind === 'chat' ? 'Model' : 'Embedding model'} ${model.name} (${describeModel(model)}) saved in ${targetLabel(modelSettingsTarget())}`);
  }
  if (request.remove !== undefined) {
    const name = request.remove;
    if (!entries.some((e) => e.name === name)) throw new Error(`There is no ${kind === 'chat' ? 'model' : 'embedding model'} named "${name}" to remove.`);
    await writeModelEntries(kind, readModelEntries(kind).filter((e) => e.name !== name));
    // A default naming a removed model would fail every job: fall back to the first model instead.
    if (defaultName === name) await writeDefaultName(kind, undefined);
    services.log.info(`Model ${name} removed from ${targetLabel(modelSettingsTarget())}`);
  }
  if (request.setDefault !== undefined) {
    if (!readModels(kind).some((m) => m.name === request.setDefault)) throw new Error(`Cannot make "${request.setDefault}" the default: no such ${kind === 'chat' ? 'model' : 'embedding model'} is configured.`);
    await writeDefaultName(kind, request.setDefault);
  }
}

/** A renamed model keeps its key (copied: the old name may still be used elsewhere) and its default status. */
async function renamed(services: Services, kind: ModelKind, from: string, to: string, defaultName: string | undefined): Promise<void> {
  const key = await services.keys.modelKey(from);
  if (key !== undefined && (await services.keys.modelKey(to)) === undefined) await services.keys.setModelKey(to, key);
  if (defaultName === from) await writeDefaultName(kind, to);
}

async function openSettingsJson(): Promise<void> {
  const workspace = modelSettingsTarget() === vscode.ConfigurationTarget.Workspace;
  await vscode.commands.executeCommand(workspace ? 'workbench.action.openWorkspaceSettingsFile' : 'workbench.action.openSettingsJson');
}

function priceText(price: number | undefined): string {
  return price === undefined ? '' : String(price);
}

function toRequest(arg: unknown): ConfigureModelsRequest {
  if (typeof arg !== 'object' || arg === null) throw new Error('Configure Models takes { kind?, upsert?, remove?, setDefault? }.');
  const raw = arg as Record<string, unknown>;
  const kind = raw.kind === 'embedding' ? 'embedding' : raw.kind === undefined || raw.kind === 'chat' ? 'chat' : undefined;
  if (!kind) throw new Error(`Configure Models: kind must be "chat" or "embedding", not ${JSON.stringify(raw.kind)}.`);
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const request: ConfigureModelsRequest = { kind, remove: text(raw.remove), setDefault: text(raw.setDefault) };
  const u = raw.upsert;
  if (typeof u === 'object' && u !== null) {
    const m = u as Record<string, unknown>;
    const price = (v: unknown) => (typeof v === 'number' ? v : v === undefined ? undefined : Number.NaN);
    request.upsert = { name: text(m.name) ?? '', baseUrl: text(m.baseUrl) ?? '', model: text(m.model) ?? '', replacing: text(m.replacing) };
    const input = price(m.pricePer1kInput);
    const output = price(m.pricePer1kOutput);
    if (input !== undefined) request.upsert.pricePer1kInput = input;
    if (output !== undefined) request.upsert.pricePer1kOutput = output;
  }
  return request;
}
