import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isResponseCacheMode, type ResponseCacheMode } from '../core/cache/cacheTypes';
import { EXPORT_FORMATS, isExportFormat, type ExportFormat } from '../core/export/exportFormats';
import { parseShardSpec, ShardSpecError, type ShardSpec } from '../core/shard/shardSpec';
import { UsageError } from './exitCodes';

/** Options shared by the commands that run units (run, resume, retry). */
export interface RunOptionArgs {
  baseUrl?: string;
  model?: string;
  concurrency?: number;
  timeoutSeconds?: number;
  retries?: number;
  workspace: string;
  db?: string;
  json: boolean;
  /** --response-cache: overrides datagenflow.responseCache for this run. */
  responseCache?: ResponseCacheMode;
  /** --batch: run through the provider's Batch API (run; plan shows batch cost). */
  batch?: boolean;
  /** --batch-missing: requests a batch left unanswered go into a follow-up batch or online. */
  batchMissing?: 'batch' | 'online';
}

export interface RunArgs extends RunOptionArgs {
  command: 'run';
  pipeline: string;
  seeds: string;
  out?: string;
  resume: boolean;
  /** Set by `rerun`: the job this run re-runs with changes (stored in the new job's metadata). */
  rerunOf?: number;
  /** `--shard i/n`: run this slice of the units into its own database. */
  shard?: ShardSpec;
}

/** `merge <db-or-folder>… [--into <db>]`: the shards of one job into one job of the workspace database. */
export interface MergeArgs {
  command: 'merge';
  sources: string[];
  into?: string;
  workspace: string;
  json: boolean;
}

/** `rerun --job <id>`: the current pipeline file over the job's seeds, as a new job reusing stored answers. */
export interface RerunArgs extends RunOptionArgs {
  command: 'rerun';
  job: number;
}

/** `cache info|clear`: what the workspace's response cache holds, or delete it. */
export interface CacheArgs {
  command: 'cache';
  action: 'info' | 'clear';
  workspace: string;
}

/** `plan`: the run's estimate; run options change it as they would change the run (models, concurrency). */
export interface PlanArgs extends RunOptionArgs {
  command: 'plan';
  pipeline: string;
  seeds: string;
}

/** `try`: one seed through the pipeline, outside any job (the CLI's "Try this seed"). */
export interface TryArgs extends RunOptionArgs {
  command: 'try';
  pipeline: string;
  seeds: string;
  /** 0-based index in the parsed seed list (`--seed` is 1-based, as "Seed 3" counts). */
  seedIndex: number;
}

export interface ResumeArgs extends RunOptionArgs {
  command: 'resume' | 'retry';
  job: number;
}

export interface VerifyArgs {
  command: 'verify';
  pipeline: string;
  seeds: string;
  workspace: string;
}

export interface JobsArgs {
  command: 'jobs';
  workspace: string;
  db?: string;
  json: boolean;
}

export interface ExportArgs {
  command: 'export';
  job: number;
  status?: 'pending' | 'accepted' | 'rejected' | 'failed';
  /** Default jsonl (DataGenFlow's own record lines). */
  format: ExportFormat;
  out: string;
  /** Replace an existing --out file that is not an earlier export (never the database). */
  force: boolean;
  workspace: string;
  db?: string;
}

export interface TemplatesArgs {
  command: 'templates';
  json: boolean;
}

export interface NewArgs {
  command: 'new';
  template: string;
  /** Folder to write into, as given (default: the current folder). */
  dir: string;
}

export type BlocksArgs =
  | { command: 'blocks'; action: 'list'; workspace: string; json: boolean }
  | { command: 'blocks'; action: 'scaffold'; name: string; category?: string; workspace: string };

export type CliArgs = RunArgs | MergeArgs | RerunArgs | CacheArgs | PlanArgs | TryArgs | ResumeArgs | VerifyArgs | JobsArgs | ExportArgs | TemplatesArgs | NewArgs | BlocksArgs | { command: 'help' } | { command: 'version' };

const OPTIONS = {
  seeds: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  resume: { type: 'boolean', default: false },
  job: { type: 'string' },
  status: { type: 'string' },
  format: { type: 'string' },
  category: { type: 'string' },
  db: { type: 'string' },
  'base-url': { type: 'string' },
  model: { type: 'string' },
  concurrency: { type: 'string' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
  'response-cache': { type: 'string' },
  workspace: { type: 'string' },
  json: { type: 'boolean', default: false },
  force: { type: 'boolean', default: false },
  shard: { type: 'string' },
  into: { type: 'string' },
  batch: { type: 'boolean' },
  'batch-missing': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** node:util parseArgs, strict, with positionals; what it refuses is a UsageError (exit 2 with its message). */
export function parseStrict<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function parseCliArgs(argv: string[]): CliArgs {
  const { values, positionals } = parseStrict(argv, OPTIONS);
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...rest] = positionals;
  const workspace = values.workspace ?? process.cwd();
  switch (command) {
    case 'run':
      if (rest.length !== 1) throw new UsageError('run needs exactly one pipeline file: datagenflow run <pipeline.dgf.json> --seeds <file>');
      if (!values.seeds) throw new UsageError('run needs --seeds <file>');
      if (values.resume && !values.out) throw new UsageError('--resume continues a JSONL output: give --out <file.jsonl> (for database jobs use: datagenflow resume --job <id>)');
      return { command: 'run', pipeline: rest[0], seeds: values.seeds, out: values.out, resume: values.resume ?? false, ...runOptions(values, workspace), ...shardOption(values.shard) };
    case 'merge':
      if (rest.length === 0) throw new UsageError('merge needs the shard databases (or folders of them): datagenflow merge <shard.db|folder>… [--into <db>]');
      return { command: 'merge', sources: rest, into: values.into, workspace, json: values.json ?? false };
    case 'plan':
      if (rest.length !== 1) throw new UsageError('plan needs exactly one pipeline file: datagenflow plan <pipeline.dgf.json> --seeds <file>');
      if (!values.seeds) throw new UsageError('plan needs --seeds <file>');
      return { command: 'plan', pipeline: rest[0], seeds: values.seeds, ...runOptions(values, workspace) };
    case 'try':
      if (rest.length !== 1) throw new UsageError('try needs exactly one pipeline file: datagenflow try <pipeline.dgf.json> --seeds <file> [--seed <n>]');
      if (!values.seeds) throw new UsageError('try needs --seeds <file>');
      return { command: 'try', pipeline: rest[0], seeds: values.seeds, seedIndex: (integer(values.seed, '--seed', 1) ?? 1) - 1, ...runOptions(values, workspace) };
    case 'rerun':
      noPositionals(command, rest);
      return { command: 'rerun', job: jobId(values.job, command), ...runOptions(values, workspace) };
    case 'cache':
      if (rest.length === 1 && (rest[0] === 'info' || rest[0] === 'clear')) return { command: 'cache', action: rest[0], workspace };
      throw new UsageError('cache needs info or clear: datagenflow cache info | datagenflow cache clear');
    case 'resume':
    case 'retry':
      noPositionals(command, rest);
      return { command, job: jobId(values.job, command), ...runOptions(values, workspace) };
    case 'verify':
      if (rest.length !== 2) throw new UsageError('verify needs a pipeline and a seed file: datagenflow verify <pipeline.dgf.json> <seeds>');
      return { command: 'verify', pipeline: rest[0], seeds: rest[1], workspace };
    case 'jobs':
      noPositionals(command, rest);
      return { command: 'jobs', workspace, db: values.db, json: values.json ?? false };
    case 'export': {
      noPositionals(command, rest);
      if (!values.out) throw new UsageError('export needs --out <file> (a folder for --format huggingface)');
      const status = values.status;
      if (status !== undefined && !['pending', 'accepted', 'rejected', 'failed'].includes(status)) {
        throw new UsageError(`--status must be pending, accepted, rejected or failed, got '${status}'`);
      }
      const format = values.format ?? 'jsonl';
      if (!isExportFormat(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got '${format}'`);
      return { command: 'export', job: jobId(values.job, command), status: status as ExportArgs['status'], format, out: values.out, force: values.force ?? false, workspace, db: values.db };
    }
    case 'templates':
      noPositionals(command, rest);
      return { command: 'templates', json: values.json ?? false };
    case 'new':
      if (rest.length < 1 || rest.length > 2) throw new UsageError('new needs a template id and optionally a folder: datagenflow new <template> [dir] (datagenflow templates lists them)');
      return { command: 'new', template: rest[0], dir: rest[1] ?? '.' };
    case 'blocks':
      if (rest[0] === 'list' && rest.length === 1) return { command: 'blocks', action: 'list', workspace, json: values.json ?? false };
      if (rest[0] === 'scaffold' && rest.length === 2) return { command: 'blocks', action: 'scaffold', name: rest[1], category: values.category, workspace };
      throw new UsageError('blocks needs list or scaffold: datagenflow blocks list [--json] | datagenflow blocks scaffold <Name> [--category <c>]');
    case undefined:
      return { command: 'help' };
    default:
      throw new UsageError(`unknown command '${command}' (commands: run, merge, rerun, plan, try, resume, retry, cache, verify, jobs, export, templates, new, blocks)`);
  }
}

function runOptions(values: Values, workspace: string): RunOptionArgs {
  return {
    baseUrl: values['base-url'],
    model: values.model,
    concurrency: integer(values.concurrency, '--concurrency', 1),
    timeoutSeconds: positiveNumber(values.timeout, '--timeout'),
    retries: integer(values.retries, '--retries', 0),
    workspace,
    db: values.db,
    json: values.json ?? false,
    responseCache: cacheMode(values['response-cache']),
    ...(values.batch ? { batch: true } : {}),
    ...batchMissing(values['batch-missing']),
  };
}

function batchMissing(value: string | undefined): Pick<RunOptionArgs, 'batchMissing'> {
  if (value === undefined) return {};
  if (value !== 'batch' && value !== 'online') throw new UsageError(`--batch-missing must be batch or online, got '${value}'`);
  return { batchMissing: value };
}

function shardOption(value: string | undefined): { shard?: ShardSpec } {
  if (value === undefined) return {};
  try {
    return { shard: parseShardSpec(value, process.env) };
  } catch (e) {
    if (e instanceof ShardSpecError) throw new UsageError(e.message);
    throw e;
  }
}

function cacheMode(value: string | undefined): ResponseCacheMode | undefined {
  if (value === undefined) return undefined;
  if (!isResponseCacheMode(value)) throw new UsageError(`--response-cache must be off, reuse or replay, got '${value}'`);
  return value;
}

function noPositionals(command: string, rest: string[]): void {
  if (rest.length > 0) throw new UsageError(`${command} takes no file arguments (got ${rest.join(' ')})`);
}

function jobId(value: string | undefined, command: string): number {
  if (value === undefined) throw new UsageError(`${command} needs --job <id> (datagenflow jobs lists them)`);
  const id = integer(value, '--job', 1);
  return id as number;
}

export function integer(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} must be an integer ≥ ${min}, got '${value}'`);
  return n;
}

function positiveNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number, got '${value}'`);
  return n;
}
