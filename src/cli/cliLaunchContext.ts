import { withResponseCache } from '../core/cache/responseCache';
import type { LlmPort } from '../core/llm/llmTypes';
import type { LaunchContext } from '../core/run/jobLauncher';
import type { WorkspaceStore } from '../core/store/workspaceStore';
import type { CliIo, Engine } from './engineSetup';
import type { JsonlSink } from './jsonlSink';
import type { ProgressReporter } from './progressReporter';

/**
 * What `run`, `rerun`, `resume` and `retry` give the job launcher: the engine, the store, stderr, Ctrl+C, and the
 * --out file. `client` is what the response cache calls on a miss (default: the engine's client).
 */
export function cliLaunchContext(engine: Engine, store: WorkspaceStore, io: CliIo, progress: ProgressReporter, sink?: JsonlSink, client: LlmPort = engine.llm): LaunchContext {
  return {
    store,
    registry: engine.registry,
    // Through the workspace's response cache: answers are stored in every mode, read in reuse and replay.
    llm: withResponseCache(client, { workspaceRoot: engine.workspace, settings: engine.settings, mode: engine.responseCache, onWarning: (m) => io.stderr.write(`warning: ${m}\n`) }),
    settings: engine.settings,
    secrets: engine.secrets,
    log: (m) => io.stderr.write(`${m}\n`),
    signal: io.interrupt,
    onProgress: (p) => progress.update(p),
    ...(sink ? { alsoWriteTo: (job) => sink.forJob(job.id) } : {}),
  };
}
