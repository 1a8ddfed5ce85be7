import * as vscode from 'vscode';
import { withResponseCache } from '../core/cache/responseCache';
import { DgfError } from '../core/errors';
import { LimiterRegistry } from '../core/llm/adaptiveLimiter';
import type { LlmPort } from '../core/llm/llmTypes';
import { OpenAiLlmClient } from '../core/llm/openAiClient';
import { parsePipeline } from '../core/pipeline/parsePipeline';
import type { PreviousOutputs } from '../core/preview/previewTypes';
import { parseSeeds } from '../core/seeds/parseSeeds';
import { trySeed } from '../core/try/trySeed';
import type { TryStore } from '../core/try/tryStore';
import type { TryEvent, TryRecord } from '../core/try/tryTypes';
import { readSettings } from '../host/hostSettings';
import { associatedSeedFile, associateSeedFile } from '../host/seedAssociation';
import { isFolder, readSeedFolder } from '../host/seedFolders';
import type { Services } from '../host/services';
import { readText, relativePath } from '../host/workspaceFiles';
import { canvasTryResults } from './canvasTryResults';
import { workspaceTryStore } from './keptTries';
import { setTryResults, setTryResultsLoader } from './tryResultsHub';

export interface TryRequest {
  pipeline: vscode.Uri;
  seedIndex: number;
  /** The seed file; by default the pipeline's associated one (a given one becomes the associated one). */
  seeds?: vscode.Uri;
  /** For a Markdown seed: the chunk holding this text (a heading), or this chunk index. */
  chunk?: { containing?: string; index?: number };
}

/** One step of a try of `pipeline`, as the try panel and the canvas receive it. */
export interface TryUpdate {
  pipeline: vscode.Uri;
  event: TryEvent;
}

/** A try cannot start: no seed file, no such seed, a pipeline with errors. */
export class TryUnavailableError extends DgfError {
  constructor(message: string) {
    super('try-unavailable', message);
  }
}

/**
 * Runs tries in the window: one at a time per pipeline (a new try of it cancels the one running), through the
 * workspace's response cache (a try reuses and stores answers as a job does), with the pipeline's text as in its
 * editor (unsaved edits included). Every step goes out on `onDidUpdate`; finished tries are kept in
 * `.datagenflow/tries/` of the pipeline's workspace folder, never in the jobs database.
 */
export class TryService implements vscode.Disposable {
  private readonly running = new Map<string, AbortController>();
  private readonly updates = new vscode.EventEmitter<TryUpdate>();
  readonly onDidUpdate = this.updates.event;
  private readonly limiters = new LimiterRegistry();

  constructor(private readonly services: Services) {
    setTryResultsLoader(async (pipeline) => {
      const last = (await this.tries(pipeline).catch(() => []))[0];
      return last ? canvasTryResults(last) : undefined;
    });
  }

  isRunning(pipeline: vscode.Uri): boolean {
    return this.running.has(pipeline.toString());
  }

  cancel(pipeline: vscode.Uri): boolean {
    const controller = this.running.get(pipeline.toString());
    controller?.abort();
    return controller !== undefined;
  }

  tries(pipeline: vscode.Uri): Promise<TryRecord[]> {
    return this.store(pipeline).list(relativePath(pipeline));
  }

  /** Earlier blocks' outputs from the last try of a seed, for Preview Prompts. */
  previousOutputs(pipeline: vscode.Uri): PreviousOutputs {
    const store = this.store(pipeline);
    const path = relativePath(pipeline);
    return {
      async lastOutput(blockId, seedIndex) {
        const last = (await store.list(path)).find((t) => t.seedIndex === seedIndex && t.blocks.some((b) => b.blockId === blockId && b.output));
        const block = last?.blocks.find((b) => b.blockId === blockId);
        return last && block?.output ? { output: block.output, from: `try of ${last.startedAt.slice(11, 19)}` } : undefined;
      },
    };
  }

  /** Runs the try; resolves with it when it ended (succeeded, failed or cancelled). */
  async run(request: TryRequest): Promise<TryRecord> {
    const { pipeline: uri } = request;
    const text = await readText(uri);
    const parsed = parsePipeline(text, this.services.registry());
    const error = parsed.problems.find((p) => p.severity === 'error');
    if (!parsed.pipeline || error) throw new TryUnavailableError(`${relativePath(uri)} cannot run yet: ${error?.message ?? 'not a pipeline'}`);
    if (request.seeds) await associateSeedFile(this.services.context.workspaceState, uri, request.seeds);
    const seedsUri = associatedSeedFile(this.services.context.workspaceState, uri);
    if (!seedsUri) throw new TryUnavailableError(`${relativePath(uri)} has no seed file yet: choose one (DataGenFlow: Choose Seed File for Pipeline).`);
    const settings = readSettings(vscode.workspace.getWorkspaceFolder(uri));
    const source = (await isFolder(seedsUri)) ? await readSeedFolder(seedsUri, readText) : await readText(seedsUri);
    const seeds = parseSeeds(source, relativePath(seedsUri), { maxUnits: settings.maxUnitsPerJob }).seeds;
    const seed = seeds.at(request.seedIndex);
    if (!seed) throw new TryUnavailableError(`${relativePath(seedsUri)} has no seed ${request.seedIndex + 1} (it has ${seeds.length} usable seeds).`);

    const key = uri.toString();
    this.running.get(key)?.abort();
    const controller = new AbortController();
    this.running.set(key, controller);
    let current: TryRecord = { id: '', pipelineName: parsed.pipeline.name, seedIndex: request.seedIndex, seedLabel: '', startedAt: '', durationMs: 0, status: 'running', input: {}, blocks: [], output: null, usage: { input_tokens: 0, output_tokens: 0, cached_tokens: 0 } };
    let running: string | undefined;
    let finished: Extract<TryEvent, { type: 'finished' }> | undefined;
    try {
      const record = await trySeed({
        pipeline: parsed.pipeline,
        seed,
        seedIndex: request.seedIndex,
        ...(request.chunk ? { chunk: request.chunk } : {}),
        registry: this.services.registry(),
        llm: this.llm(uri, settings),
        signal: controller.signal,
        renderLimits: settings.templates,
        secrets: (name) => this.services.keys.secret(name),
        onEvent: (event) => {
          if (event.type === 'blockStarted') running = event.blockId;
          else if (event.type !== 'block') running = undefined;
          // The canvas nodes show the try as it goes: the block results so far, the block running.
          current = event.type === 'block' ? { ...current, blocks: [...current.blocks, event.block] } : event.type === 'blockStarted' ? current : event.record;
          setTryResults(uri, canvasTryResults(current, running));
          // The end is told once the try is kept: previews then read its answers from the kept tries.
          if (event.type === 'finished') finished = event;
          else this.updates.fire({ pipeline: uri, event });
        },
      });
      try {
        await this.store(uri).add(relativePath(uri), record);
      } finally {
        if (finished) this.updates.fire({ pipeline: uri, event: finished });
      }
      this.services.log.info(`Try of ${relativePath(uri)}, ${record.seedLabel}: ${record.status} in ${record.durationMs} ms`);
      return record;
    } finally {
      if (this.running.get(key) === controller) this.running.delete(key);
    }
  }

  dispose(): void {
    for (const controller of this.running.values()) controller.abort();
    this.updates.dispose();
  }

  private llm(uri: vscode.Uri, settings: ReturnType<typeof readSettings>): LlmPort {
    const client = new OpenAiLlmClient({ settings, keys: (name) => this.services.keys.modelKey(name), limiters: this.limiters });
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    // Tries reuse stored answers (change the last prompt: only that block calls); offline replay stays offline.
    return folder ? withResponseCache(client, { workspaceRoot: folder.uri.fsPath, settings, mode: settings.responseCache === 'replay' ? 'replay' : 'reuse', onWarning: (m) => this.services.log.warn(m) }) : client;
  }

  private store(pipeline: vscode.Uri): TryStore {
    return workspaceTryStore(pipeline);
  }
}
