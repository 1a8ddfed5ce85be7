import * as vscode from 'vscode';
import type { ModelConfig } from '../core/llm/llmTypes';
import { workspaceFolder } from '../host/hostSettings';

/** Chat models (`datagenflow.models`) or embedding models (`datagenflow.embeddingModels`). */
export type ModelKind = 'chat' | 'embedding';

const MODEL_LIST_KEY: Record<ModelKind, 'models' | 'embeddingModels'> = { chat: 'models', embedding: 'embeddingModels' };
const DEFAULT_MODEL_KEY: Record<ModelKind, 'defaultModel' | 'defaultEmbeddingModel'> = { chat: 'defaultModel', embedding: 'defaultEmbeddingModel' };
export const OLLAMA_BASE_URL = 'http://localhost:11434/v1';

/** One entry of a model list as the user wrote it: the fields we edit, plus any others, which we keep. */
export type RawModelEntry = Record<string, unknown>;

/**
 * Where Configure Models writes: the workspace's settings when a trusted folder is open (the CLI reads the same
 * .vscode/settings.json), else the user's. In Restricted Mode workspace values of the model lists are ignored
 * (package.json restrictedConfigurations), so writing them there would change nothing the user can see.
 */
export function modelSettingsTarget(): vscode.ConfigurationTarget {
  return workspaceFolder() && vscode.workspace.isTrusted ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}

export function targetLabel(target: vscode.ConfigurationTarget): string {
  return target === vscode.ConfigurationTarget.Workspace ? 'workspace settings (.vscode/settings.json)' : 'user settings';
}

/** The effective list (as the engine sees it), raw, so that fields we do not edit survive a rewrite. */
export function readModelEntries(kind: ModelKind): RawModelEntry[] {
  const value: unknown = vscode.workspace.getConfiguration('datagenflow', workspaceFolder()).get(MODEL_LIST_KEY[kind]);
  return Array.isArray(value) ? value.filter((m): m is RawModelEntry => typeof m === 'object' && m !== null && !Array.isArray(m)) : [];
}

/** The entries the engine accepts (a name and a model id), with the same base URL fallback as settingsFromValues. */
export function readModels(kind: ModelKind): ModelConfig[] {
  return readModelEntries(kind).flatMap(toModelConfig);
}

export function readDefaultName(kind: ModelKind): string | undefined {
  const value: unknown = vscode.workspace.getConfiguration('datagenflow', workspaceFolder()).get(DEFAULT_MODEL_KEY[kind]);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export async function writeModelEntries(kind: ModelKind, entries: RawModelEntry[]): Promise<void> {
  await vscode.workspace.getConfiguration('datagenflow', workspaceFolder()).update(MODEL_LIST_KEY[kind], entries, modelSettingsTarget());
}

export async function writeDefaultName(kind: ModelKind, name: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('datagenflow', workspaceFolder()).update(DEFAULT_MODEL_KEY[kind], name ?? '', modelSettingsTarget());
}

/** Adds `model` or replaces the entry named `replacing` (default: its own name), keeping that entry's other fields. */
export function upsertEntry(entries: RawModelEntry[], model: ModelConfig, replacing = model.name): RawModelEntry[] {
  const index = entries.findIndex((e) => e.name === replacing);
  const base: RawModelEntry = index >= 0 ? { ...entries[index] } : {};
  delete base.pricePer1kInput;
  delete base.pricePer1kOutput;
  const entry: RawModelEntry = { ...base, name: model.name, baseUrl: model.baseUrl, model: model.model };
  if (model.pricePer1kInput !== undefined) entry.pricePer1kInput = model.pricePer1kInput;
  if (model.pricePer1kOutput !== undefined) entry.pricePer1kOutput = model.pricePer1kOutput;
  return index >= 0 ? entries.map((e, i) => (i === index ? entry : e)) : [...entries, entry];
}

function toModelConfig(entry: RawModelEntry): ModelConfig[] {
  if (typeof entry.name !== 'string' || typeof entry.model !== 'string') return [];
  const config: ModelConfig = {
    name: entry.name,
    baseUrl: typeof entry.baseUrl === 'string' && entry.baseUrl !== '' ? entry.baseUrl : OLLAMA_BASE_URL,
    model: entry.model,
  };
  if (typeof entry.pricePer1kInput === 'number') config.pricePer1kInput = entry.pricePer1kInput;
  if (typeof entry.pricePer1kOutput === 'number') config.pricePer1kOutput = entry.pricePer1kOutput;
  return [config];
}

// Validators return the message an input box shows under the field (undefined: valid), and the programmatic path
// throws the same message, so both say the same thing.

export function validateModelName(value: string, taken: readonly string[]): string | undefined {
  const name = value.trim();
  if (name === '') return 'Enter a name, e.g. "local" or "gpt-4o-mini": blocks refer to the model by this name.';
  if (name !== value) return 'Remove the spaces at the start or end of the name.';
  if (taken.includes(name)) return `A model named "${name}" already exists: choose another name, or edit that model.`;
  return undefined;
}

export function validateBaseUrl(value: string): string | undefined {
  const text = value.trim();
  if (text === '') return `Enter the OpenAI-compatible base URL, e.g. ${OLLAMA_BASE_URL} (Ollama) or https://api.openai.com/v1.`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `"${text}" is not a URL: use a full URL such as ${OLLAMA_BASE_URL}.`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `Use an http:// or https:// URL (not ${url.protocol}).`;
  if (url.username || url.password) return 'Do not put credentials in the URL: the API key goes to the keychain via "DataGenFlow: Set API Key".';
  if (url.search || url.hash) return 'Remove the ?query or #fragment: the base URL is the API root, usually ending in /v1.';
  return undefined;
}

export function validateModelId(value: string): string | undefined {
  return value.trim() === '' ? 'Enter the model id the endpoint expects, e.g. llama3.2 or gpt-4o-mini.' : undefined;
}

/** Optional price: blank means none. */
export function validatePrice(value: string): string | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 ? undefined : `"${text}" is not a price: enter a number ≥ 0 (e.g. 0.15), or leave it blank.`;
}

export function parsePrice(value: string): number | undefined {
  return value.trim() === '' ? undefined : Number(value.trim());
}

/** Throws the validators' first message: for the programmatic path, which has no input box to show it under. */
export function checkModel(model: ModelConfig, taken: readonly string[]): void {
  const prices = [model.pricePer1kInput, model.pricePer1kOutput].map((p) => (p === undefined ? '' : String(p)));
  const problem =
    validateModelName(model.name, taken) ?? validateBaseUrl(model.baseUrl) ?? validateModelId(model.model) ?? prices.map(validatePrice).find((p) => p !== undefined);
  if (problem) throw new Error(`Model "${model.name}": ${problem}`);
}

export function describeModel(model: ModelConfig): string {
  return `${model.model} at ${model.baseUrl}`;
}
