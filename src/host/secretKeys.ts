import type * as vscode from 'vscode';

/**
 * API keys and other secrets live only in VS Code's SecretStorage (the OS keychain), never in settings, the
 * database, exports, traces or logs. Model keys are stored per model configuration name.
 */
export class SecretKeys {
  private readonly known = new Set<string>();

  constructor(private readonly storage: vscode.SecretStorage) {}

  async modelKey(modelName: string): Promise<string | undefined> {
    return this.remember(await this.storage.get(modelKeyId(modelName)));
  }

  async setModelKey(modelName: string, key: string): Promise<void> {
    this.remember(key);
    await this.storage.store(modelKeyId(modelName), key);
  }

  async deleteModelKey(modelName: string): Promise<void> {
    await this.storage.delete(modelKeyId(modelName));
  }

  /** Other secrets blocks ask for by name, e.g. `LANGFUSE_SECRET_KEY`. */
  async secret(name: string): Promise<string | undefined> {
    return this.remember(await this.storage.get(`datagenflow.secret.${name}`));
  }

  async setSecret(name: string, value: string): Promise<void> {
    this.remember(value);
    await this.storage.store(`datagenflow.secret.${name}`, value);
  }

  async deleteSecret(name: string): Promise<void> {
    await this.storage.delete(`datagenflow.secret.${name}`);
  }

  /** Every secret value seen in this session, so the logger can redact them from any message. */
  values(): string[] {
    return [...this.known];
  }

  private remember(value: string | undefined): string | undefined {
    if (value) this.known.add(value);
    return value || undefined;
  }
}

function modelKeyId(modelName: string): string {
  return `datagenflow.model.${modelName}.apiKey`;
}
