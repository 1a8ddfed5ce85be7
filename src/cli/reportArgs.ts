import { parseArgs } from 'node:util';
import { integer, parseStrict } from './args';
import { UsageError } from './exitCodes';

/** `report --job <id> [--json|--html] [--out <file>]`: a job's dataset report. */
export interface ReportArgs {
  command: 'report';
  job: number;
  format: 'text' | 'json' | 'html';
  out?: string;
  workspace: string;
  db?: string;
}

/** `compare --job <a> --job <b> [--metric <field>] [--json] [--out <file>]`: two jobs of the same seed file. */
export interface CompareArgs {
  command: 'compare';
  jobs: [number, number];
  metric?: string;
  json: boolean;
  out?: string;
  workspace: string;
  db?: string;
}

const OPTIONS = {
  job: { type: 'string', multiple: true },
  json: { type: 'boolean', default: false },
  html: { type: 'boolean', default: false },
  out: { type: 'string' },
  metric: { type: 'string' },
  workspace: { type: 'string' },
  db: { type: 'string' },
} as const;

/** The report and compare commands (their own options: compare takes --job twice); undefined for other commands. */
export function parseReportArgs(argv: string[]): ReportArgs | CompareArgs | undefined {
  if (argv.includes('--help') || argv.includes('-h')) return undefined;
  const command = parseArgs({ args: argv, allowPositionals: true, strict: false }).positionals[0];
  if (command !== 'report' && command !== 'compare') return undefined;
  const { values, positionals } = parseStrict(argv, OPTIONS);
  if (positionals.length > 1) throw new UsageError(`${command} takes no file arguments (got ${positionals.slice(1).join(' ')})`);
  const jobs = (values.job ?? []).map((value) => integer(value, '--job', 1) as number);
  const workspace = values.workspace ?? process.cwd();
  const where = { workspace, ...(values.db !== undefined ? { db: values.db } : {}), ...(values.out !== undefined ? { out: values.out } : {}) };
  if (command === 'report') {
    if (jobs.length !== 1) throw new UsageError('report needs one --job <id> (datagenflow jobs lists them)');
    if (values.json && values.html) throw new UsageError('report prints --json or --html, not both');
    if (values.metric !== undefined) throw new UsageError('--metric is an option of compare');
    return { command, job: jobs[0], format: values.json ? 'json' : values.html ? 'html' : 'text', ...where };
  }
  if (jobs.length !== 2) throw new UsageError('compare needs two jobs: datagenflow compare --job <a> --job <b>');
  if (jobs[0] === jobs[1]) throw new UsageError('compare needs two different jobs');
  if (values.html) throw new UsageError('compare prints text or --json');
  return { command, jobs: [jobs[0], jobs[1]], json: values.json ?? false, ...(values.metric !== undefined ? { metric: values.metric } : {}), ...where };
}
