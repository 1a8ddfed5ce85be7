/**
 * A CPU profile of this thread (the inspector's sampling profiler, as `node --cpu-prof` takes it), summarised by
 * source file through the bundle's source map and by stage of the user's path. A sample belongs to the stage of the
 * innermost frame that has an owner (our files, the libraries behind them): a sample in zlib called from the trace
 * codec is trace encoding, one in sql.js's wasm called from the store is the store.
 */
import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export type Stage = 'render' | 'SDK + HTTP' | 'parse/validate' | 'store' | 'trace encode' | 'LLM client' | 'engine' | 'GC' | 'node internals' | 'bench' | 'other';

export interface ProfileSummary {
  /** Main-thread time not idle, in ms. */
  activeMs: number;
  byStage: Map<Stage, number>;
  /** Self time per source file (library files grouped by package), ms, largest first. */
  byFile: [string, number][];
  /** Self time per function (`stage · file · function`), ms, largest first. */
  byFunction: [string, number][];
}

/** Starts sampling every `intervalUs`; the returned function stops and summarises. */
export async function startCpuProfile(intervalUs = 250): Promise<() => Promise<ProfileSummary>> {
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: intervalUs });
  await post('Profiler.start');
  return async () => {
    const { profile } = await post<{ profile: Profile }>('Profiler.stop');
    session.disconnect();
    return summarise(profile);
  };
}

function summarise(profile: Profile): ProfileSummary {
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const sources = new SourceFiles();
  const stageOf = new Map<number, Stage | 'idle'>();
  const stageOfNode = (id: number): Stage | 'idle' => {
    const known = stageOf.get(id);
    if (known) return known;
    let stage: Stage | 'idle' | undefined;
    const name = byId.get(id)?.callFrame.functionName;
    if (name === '(idle)') stage = 'idle';
    else if (name === '(garbage collector)') stage = 'GC';
    else if (name === '(program)' || name === '(root)') stage = 'other';
    for (let at: number | undefined = id; stage === undefined && at !== undefined; at = parent.get(at)) {
      stage = ownerStage(sources.fileOf(byId.get(at) as ProfileNode));
    }
    const result = stage ?? 'node internals';
    stageOf.set(id, result);
    return result;
  };
  const byStage = new Map<Stage, number>();
  const byFile = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let activeMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const stage = stageOfNode(id);
    if (stage === 'idle') return;
    activeMs += ms;
    byStage.set(stage, (byStage.get(stage) ?? 0) + ms);
    const node = byId.get(id) as ProfileNode;
    const file = groupFile(sources.fileOf(node)) || node.callFrame.functionName || '(anonymous)';
    byFile.set(file, (byFile.get(file) ?? 0) + ms);
    const fn = `${stage} · ${file} · ${node.callFrame.functionName || '(anonymous)'}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
  });
  const largestFirst = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { activeMs, byStage, byFile: largestFirst(byFile), byFunction: largestFirst(byFunction) };
}

/** The stage a file belongs to, or undefined when its caller decides (node internals such as zlib and streams). */
function ownerStage(file: string): Stage | undefined {
  if (file === '') return undefined;
  if (file.includes('src/core/templates/') || file.includes('node_modules/nunjucks/')) return 'render';
  if (file.includes('node_modules/openai/') || file.startsWith('node:internal/deps/undici') || HTTP_FILES.test(file)) return 'SDK + HTTP';
  if (/src\/core\/(llm\/responseParsing|blocks\/llmJson|blocks\/jsonValidator)\.ts$/.test(file) || file.includes('node_modules/ajv')) return 'parse/validate';
  if (file.endsWith('src/core/store/traceCodec.ts')) return 'trace encode';
  if (file.includes('src/core/store/') || file.includes('node_modules/sql.js/') || file.startsWith('wasm://')) return 'store';
  if (file.includes('src/core/llm/')) return 'LLM client';
  if (file.includes('src/core/')) return 'engine';
  if (file.includes('bench/')) return 'bench';
  return undefined;
}

// The request's way out and back: the transport (src/core/llm/httpTransport.ts and its helpers) and node's HTTP
// client and sockets, whose writes run from process.nextTick with none of our frames above them.
const HTTP_FILES = /^node:(_http_|net$|internal\/http|internal\/stream_base_commons)|src\/core\/llm\/(httpTransport|responseBudget|transportRoutes)\.ts$/;

function groupFile(file: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
  if (pkg) return `${pkg[1]} (package)`;
  if (file.startsWith('node:internal/deps/undici')) return 'undici (node:internal/deps)';
  const src = /(?:^|\/)((?:src|bench|test)\/.*)$/.exec(file);
  return src ? src[1] : file;
}

/** Maps a frame of a bundle to its original source file through the bundle's linked source map. */
class SourceFiles {
  private readonly maps = new Map<string, SourceMap | undefined>();

  fileOf(node: ProfileNode): string {
    const { url, lineNumber, columnNumber } = node.callFrame;
    if (!url.startsWith('file://')) return url;
    const map = this.mapOf(url);
    if (!map) return fileURLToPath(url);
    const entry = map.findEntry(lineNumber, columnNumber) as { originalSource?: string };
    return entry.originalSource ?? fileURLToPath(url);
  }

  private mapOf(url: string): SourceMap | undefined {
    if (this.maps.has(url)) return this.maps.get(url);
    let map: SourceMap | undefined;
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${fileURLToPath(url)}.map`, 'utf8')));
    } catch {
      map = undefined;
    }
    this.maps.set(url, map);
    return map;
  }
}
