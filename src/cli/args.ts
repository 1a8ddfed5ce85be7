import { parseArgs } from 'node:util';
import { UsageError } from './exitCodes';

export interface RunArgs {
  command: 'run';
  pipeline: string;
  seeds: string;
  out?: string;
  resume: boolean;
  baseUrl?: string;
  model?: string;
  concurrency?: number;
  timeoutSeconds?: number;
  retries?: number;
  workspace: string;
  json: boolean;
}

export interface VerifyArgs {
  command: 'verify';
  pipeline: string;
  seeds: string;
  workspace: string;
}

export type CliArgs = RunArgs | VerifyArgs | { command: 'help' } | { command: 'version' };

export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        seeds: { type: 'string' },
        out: { type: 'string' },
        resume: { type: 'boolean', default: false },
        'base-url': { type: 'string' },
        model: { type: 'string' },
        concurrency: { type: 'string' },
        timeout: { type: 'string' },
        retries: { type: 'string' },
        workspace: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...rest] = positionals;
  const workspace = values.workspace ?? process.cwd();
  switch (command) {
    case 'run': {
      if (rest.length !== 1) throw new UsageError('run needs exactly one pipeline file: datagenflow run <pipeline.dgf.json> --seeds <file>');
      if (!values.seeds) throw new UsageError('run needs --seeds <file>');
      return {
        command: 'run',
        pipeline: rest[0],
        seeds: values.seeds,
        out: values.out,
        resume: values.resume ?? false,
        baseUrl: values['base-url'],
        model: values.model,
        concurrency: positiveInt(values.concurrency, '--concurrency', 1),
        timeoutSeconds: positiveNumber(values.timeout, '--timeout'),
        retries: positiveInt(values.retries, '--retries', 0),
        workspace,
        json: values.json ?? false,
      };
    }
    case 'verify':
      if (rest.length !== 2) throw new UsageError('verify needs a pipeline and a seed file: datagenflow verify <pipeline.dgf.json> <seeds>');
      return { command: 'verify', pipeline: rest[0], seeds: rest[1], workspace };
    case undefined:
      return { command: 'help' };
    default:
      throw new UsageError(`unknown command '${command}' (commands: run, verify)`);
  }
}

function positiveInt(value: string | undefined, flag: string, min: number): number | undefined {
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
