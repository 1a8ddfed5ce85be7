import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, settingsFromSettingsJson, type DataGenFlowSettings } from '../core/config/settings';
import type { RunOptionArgs } from './args';
import { fileErrorMessage } from './fileErrorMessage';
import { InputFileError } from './loadInputs';

/** Settings from <workspace>/.vscode/settings.json, then the command-line flags on top. */
export async function loadSettings(workspace: string, args?: RunOptionArgs): Promise<DataGenFlowSettings> {
  const file = join(workspace, '.vscode', 'settings.json');
  let settings: DataGenFlowSettings;
  try {
    settings = settingsFromSettingsJson(await readFile(file, 'utf8'), file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      const problem = fileErrorMessage(e, file);
      throw problem === undefined ? e : new InputFileError(`Cannot read the workspace settings: ${problem}`);
    }
    settings = { ...DEFAULT_SETTINGS };
  }
  if (!args) return settings;
  if (args.concurrency !== undefined) settings.concurrency = args.concurrency;
  if (args.timeoutSeconds !== undefined) settings.requestTimeoutMs = args.timeoutSeconds * 1000;
  if (args.retries !== undefined) settings.maxRetries = args.retries;
  if (args.baseUrl !== undefined || args.model !== undefined) {
    const named = args.model !== undefined && args.baseUrl === undefined ? settings.models.find((m) => m.name === args.model) : undefined;
    if (named) {
      settings.defaultModel = named.name;
    } else {
      // An ad-hoc default model: the flags, completed from the configured default where one is missing.
      const base = settings.models.find((m) => m.name === settings.defaultModel) ?? settings.models[0];
      const cli = {
        name: 'cli',
        baseUrl: args.baseUrl ?? base?.baseUrl ?? 'http://localhost:11434/v1',
        model: args.model ?? base?.model ?? 'llama3',
      };
      settings.models = [...settings.models.filter((m) => m.name !== 'cli'), cli];
      settings.defaultModel = 'cli';
    }
  }
  return settings;
}
