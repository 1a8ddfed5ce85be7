import { OpenAI, toFile } from 'openai';
import { endpointClientOptions, endpointRequestContext } from '../llm/endpointClientOptions';
import { toLlmError, type RequestContext } from '../llm/errorMapping';
import type { ModelConfig } from '../llm/llmTypes';
import { BatchApiError } from './batchErrors';
import { textLines } from './textLines';
import type { BatchStatus, ProviderBatch } from './batchTypes';

/** The provider's Batch API as the batch runner needs it: one endpoint (base URL and key). */
export interface BatchApi {
  /** Uploads a JSONL input file (purpose `batch`); returns its file id. */
  uploadFile(name: string, content: Buffer, signal: AbortSignal): Promise<string>;
  createBatch(inputFileId: string, completionWindow: string, metadata: Record<string, string>, signal: AbortSignal): Promise<ProviderBatch>;
  retrieveBatch(batchId: string, signal: AbortSignal): Promise<ProviderBatch>;
  /**
   * The batch made from this input file, if the provider has one (a crash may have come between create and record),
   * looking back (newest first) to batches created shortly before `sentAt` (ms since the epoch).
   */
  findBatchByInputFile(inputFileId: string, sentAt: number, signal: AbortSignal): Promise<ProviderBatch | undefined>;
  /** A file's content (a batch's output or error file), line by line as it downloads. */
  fileLines(fileId: string, signal: AbortSignal): AsyncIterable<string>;
  cancelBatch(batchId: string, signal: AbortSignal): Promise<ProviderBatch>;
}

// How far the provider's clock may be behind ours when looking for a batch by the time its create was sent.
const CLOCK_MARGIN_MS = 10 * 60_000;

/** Makes the Batch API of a model configuration (its base URL, with its key). */
export type BatchApiFactory = (config: ModelConfig) => Promise<BatchApi>;

/** `BatchApi` over the `openai` SDK's files and batches resources. */
export class OpenAiBatchApi implements BatchApi {
  private readonly client: OpenAI;
  private readonly ctx: RequestContext;

  constructor(config: ModelConfig, key: string | undefined, timeoutMs: number) {
    this.ctx = endpointRequestContext(config, key, timeoutMs);
    // As in the online client: no OPENAI_* environment variable may send an organization or key elsewhere.
    this.client = new OpenAI({ ...endpointClientOptions(config.baseUrl, key, timeoutMs), maxRetries: 2 });
  }

  uploadFile(name: string, content: Buffer, signal: AbortSignal): Promise<string> {
    return this.call('upload a batch file', async () => {
      const file = await this.client.files.create({ file: await toFile(content, name, { type: 'application/jsonl' }), purpose: 'batch' }, { signal });
      return file.id;
    });
  }

  createBatch(inputFileId: string, completionWindow: string, metadata: Record<string, string>, signal: AbortSignal): Promise<ProviderBatch> {
    return this.call('create a batch', async () =>
      providerBatch(
        await this.client.batches.create(
          // The SDK's type names only OpenAI's window; compatible providers accept others.
          { input_file_id: inputFileId, endpoint: '/v1/chat/completions', completion_window: completionWindow as '24h', metadata },
          { signal },
        ),
      ),
    );
  }

  retrieveBatch(batchId: string, signal: AbortSignal): Promise<ProviderBatch> {
    return this.call(`read batch ${batchId}`, async () => providerBatch(await this.client.batches.retrieve(batchId, { signal })));
  }

  findBatchByInputFile(inputFileId: string, sentAt: number, signal: AbortSignal): Promise<ProviderBatch | undefined> {
    return this.call('list batches', async () => {
      for await (const batch of this.client.batches.list({ limit: 100 }, { signal })) {
        if (batch.input_file_id === inputFileId) return providerBatch(batch);
        // Listed newest first: one made before the create was sent (less a margin for clocks) is not it, nor any after.
        if (batch.created_at * 1000 < sentAt - CLOCK_MARGIN_MS) return undefined;
      }
      return undefined;
    });
  }

  async *fileLines(fileId: string, signal: AbortSignal): AsyncGenerator<string, void, undefined> {
    const what = `download file ${fileId}`;
    const response = await this.call(what, () => this.client.files.content(fileId, { signal }));
    if (!response.body) return;
    const lines = textLines(response.body)[Symbol.asyncIterator]();
    // A connection dropped mid-download is an error like any other of the call (transient: read again at next poll).
    for (;;) {
      const next = await this.call(what, () => lines.next());
      if (next.done) return;
      yield next.value;
    }
  }

  cancelBatch(batchId: string, signal: AbortSignal): Promise<ProviderBatch> {
    return this.call(`cancel batch ${batchId}`, async () => providerBatch(await this.client.batches.cancel(batchId, { signal })));
  }

  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (e instanceof BatchApiError) throw e;
      const error = toLlmError(e, this.ctx);
      if (error.kind === 'aborted') throw error;
      throw new BatchApiError(`Could not ${what}: ${error.message}`, { cause: error });
    }
  }
}

function providerBatch(batch: OpenAI.Batches.Batch): ProviderBatch {
  const counts = batch.request_counts;
  const errors = batch.errors?.data?.map((e) => e.message ?? e.code ?? '').filter((m) => m !== '').join('; ');
  return {
    id: batch.id,
    status: batch.status as BatchStatus,
    inputFileId: batch.input_file_id,
    ...(batch.output_file_id ? { outputFileId: batch.output_file_id } : {}),
    ...(batch.error_file_id ? { errorFileId: batch.error_file_id } : {}),
    counts: { total: counts?.total ?? 0, completed: counts?.completed ?? 0, failed: counts?.failed ?? 0 },
    ...(errors ? { errors } : {}),
  };
}
