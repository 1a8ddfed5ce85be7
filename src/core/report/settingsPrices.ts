import type { ModelConfig } from '../llm/llmTypes';

/**
 * Prices for a job whose plan recorded none: those of the model the job ran as default (its recorded
 * `modelSettings.defaultModel`, else the settings' default, else the only configured model).
 */
export function settingsPrices(
  settings: { models: readonly Pick<ModelConfig, 'name' | 'pricePer1kInput' | 'pricePer1kOutput'>[]; defaultModel?: string },
  jobModelSettings: Record<string, unknown>,
): { perKInput: number; perKOutput: number } | undefined {
  const name = typeof jobModelSettings.defaultModel === 'string' ? jobModelSettings.defaultModel : settings.defaultModel;
  const model = settings.models.find((m) => m.name === name) ?? (settings.models.length === 1 ? settings.models[0] : undefined);
  if (!model || (model.pricePer1kInput === undefined && model.pricePer1kOutput === undefined)) return undefined;
  return { perKInput: model.pricePer1kInput ?? 0, perKOutput: model.pricePer1kOutput ?? 0 };
}
