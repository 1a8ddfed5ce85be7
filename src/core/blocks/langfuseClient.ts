import { CancelledError, DgfError } from '../errors';
import type { SecretLookup } from './blockTypes';

/*
 * A minimal client of Langfuse's public HTTP API (the OpenAPI spec at https://cloud.langfuse.com/generated/api/openapi.yml):
 * - POST /api/public/v2/datasets {name, description?, metadata?}: creates the dataset; upserts on the name
 *   (langfuse/langfuse PR #416), so creating it again on resume is harmless;
 * - POST /api/public/dataset-items {datasetName, id?, input?, expectedOutput?, metadata?}: "Dataset items are
 *   upserted on their id. Id needs to be unique (project-level) and cannot be reused across datasets."
 * Basic auth with the public key as user and the secret key as password. Plain fetch rather than the SDK: two
 * endpoints do not justify a dependency that batches and flushes in the background.
 */

const DEFAULT_LANGFUSE_HOST = 'https://cloud.langfuse.com';

export interface LangfuseCredentials {
  publicKey: string;
  secretKey: string;
  /** Base URL without a trailing slash. */
  host: string;
}

/** The keys from the block secrets; undefined unless both keys are set. `LANGFUSE_HOST` defaults to Langfuse Cloud. */
export async function readLangfuseCredentials(secrets: SecretLookup): Promise<LangfuseCredentials | undefined> {
  const publicKey = (await secrets('LANGFUSE_PUBLIC_KEY'))?.trim();
  const secretKey = (await secrets('LANGFUSE_SECRET_KEY'))?.trim();
  if (!publicKey || !secretKey) return undefined;
  // LANGFUSE_BASE_URL is the newer SDKs' name for the same setting.
  const host = (await secrets('LANGFUSE_HOST'))?.trim() || (await secrets('LANGFUSE_BASE_URL'))?.trim() || DEFAULT_LANGFUSE_HOST;
  return { publicKey, secretKey, host: withoutUserInfo(host).replace(/\/+$/, '') };
}

/** fetch refuses URLs with credentials, and the host is shown in messages and stored with the job: drop them. */
function withoutUserInfo(host: string): string {
  try {
    const url = new URL(host);
    if (!url.username && !url.password) return host;
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return host;
  }
}

export interface LangfuseDatasetItem {
  datasetName: string;
  id: string;
  input: unknown;
  expectedOutput: unknown;
  metadata: unknown;
}

/** Langfuse refused a request, or could not be reached. The message names the request and Langfuse's answer, never the keys. */
export class LangfuseError extends DgfError {
  constructor(
    message: string,
    /** HTTP status; undefined when no answer came (network error). */
    readonly status: number | undefined,
  ) {
    super('langfuse', message);
  }
}

export interface LangfuseClientOptions {
  /** Retries of a request answered 429 or 5xx, or lost on the network (default 4). */
  maxRetries?: number;
  /** First backoff; doubled per retry, with jitter, capped at 30 s; a Retry-After header wins (default 500). */
  baseDelayMs?: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

const MAX_DELAY_MS = 30_000;

export class LangfuseClient {
  private readonly authorization: string;
  private readonly fetch: typeof fetch;

  constructor(
    private readonly credentials: LangfuseCredentials,
    private readonly options: LangfuseClientOptions = {},
  ) {
    this.authorization = `Basic ${Buffer.from(`${credentials.publicKey}:${credentials.secretKey}`).toString('base64')}`;
    this.fetch = options.fetch ?? fetch;
  }

  get host(): string {
    return this.credentials.host;
  }

  async createDataset(name: string, description: string, metadata: Record<string, unknown>): Promise<void> {
    await this.post('/api/public/v2/datasets', { name, description, metadata });
  }

  async upsertDatasetItem(item: LangfuseDatasetItem): Promise<void> {
    await this.post('/api/public/dataset-items', item);
  }

  private async post(path: string, body: unknown): Promise<void> {
    const payload = JSON.stringify(body);
    const maxRetries = Math.max(0, this.options.maxRetries ?? 4);
    for (let attempt = 0; ; attempt++) {
      this.throwIfAborted(path);
      let response: Response;
      try {
        response = await this.fetch(`${this.credentials.host}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', authorization: this.authorization },
          body: payload,
          signal: this.options.signal,
        });
      } catch (e) {
        this.throwIfAborted(path);
        const error = new LangfuseError(`Could not reach Langfuse at ${this.credentials.host} (POST ${path}): ${causeOf(e)}`, undefined);
        if (attempt >= maxRetries) throw error;
        await this.backoff(attempt, undefined, path);
        continue;
      }
      const text = await response.text().catch(() => '');
      if (response.ok) return;
      const retryable = response.status === 429 || response.status >= 500;
      if (!retryable || attempt >= maxRetries) {
        const tries = attempt > 0 ? ` after ${attempt + 1} attempts` : '';
        throw new LangfuseError(`Langfuse answered HTTP ${response.status} to POST ${path}${tries}: ${langfuseMessage(text, response.statusText)}`, response.status);
      }
      await this.backoff(attempt, response.headers.get('retry-after'), path);
    }
  }

  private async backoff(attempt: number, retryAfter: string | null | undefined, path: string): Promise<void> {
    const base = this.options.baseDelayMs ?? 500;
    const seconds = retryAfter ? Number(retryAfter) : Number.NaN;
    const delay = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : base * 2 ** attempt * (0.5 + Math.random() / 2);
    await abortableSleep(Math.min(delay, MAX_DELAY_MS), this.options.signal);
    this.throwIfAborted(path);
  }

  private throwIfAborted(path: string): void {
    if (this.options.signal?.aborted) throw new CancelledError(`Langfuse upload cancelled (POST ${path})`);
  }
}

/** Langfuse's error bodies are JSON with `message` (and sometimes `error`); anything else is shown trimmed. */
function langfuseMessage(text: string, statusText: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown };
    const parts = [body.message, body.error].filter((p): p is string => typeof p === 'string' && p !== '');
    if (parts.length > 0) return parts.join(' — ');
  } catch {
    // not JSON: fall through
  }
  return text.trim().slice(0, 300) || statusText || 'no message';
}

function causeOf(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause instanceof Error ? `: ${e.cause.message}` : '';
  return `${e.message}${cause}`;
}

function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
