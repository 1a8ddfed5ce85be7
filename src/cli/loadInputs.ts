import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import type { BlockRegistry } from '../core/blocks/blockTypes';
import { parsePipeline } from '../core/pipeline/parsePipeline';
import type { PipelineFile } from '../core/pipeline/pipelineTypes';
import { formatProblem, hasErrors, type Problem } from '../core/problems';
import { checkSeedFile } from '../core/seeds/checkSeedFile';
import { seedListOf } from '../core/seeds/seedList';
import type { SeedList } from '../core/seeds/seedTypes';
import type { RenderLimits } from '../core/templates/renderLimits';

export interface LoadedInputs {
  pipeline?: PipelineFile;
  /** The files' text, read once: the run hashes and keeps these instead of reading the files again. */
  pipelineText?: string;
  seedsText?: string;
  /** Read one at a time from `seedsText`. */
  seeds: SeedList;
  /** `file:line:col: severity: message` lines, errors and warnings of both files. */
  lines: string[];
  ok: boolean;
}

/**
 * Reads and checks a pipeline and a seed file; every problem comes back as a clickable line. `maxUnitsPerJob` (the
 * setting) bounds the seeds' repetitions; `templates` (the render budgets) is what templates are checked against.
 */
export async function loadInputs(
  pipelinePath: string,
  seedsPath: string,
  registry: BlockRegistry,
  options: { maxUnitsPerJob?: number; templates?: Partial<RenderLimits> } = {},
): Promise<LoadedInputs> {
  const lines: string[] = [];
  const show = (file: string, problems: readonly Problem[]) => {
    const shown = relative(process.cwd(), file) || file;
    for (const p of problems) lines.push(formatProblem(shown, p));
  };
  const pipelineText = await readText(pipelinePath, 'pipeline');
  const parsed = parsePipeline(pipelineText, registry, { renderLimits: options.templates });
  show(pipelinePath, parsed.problems);
  if (!parsed.pipeline || hasErrors(parsed.problems)) {
    return { pipeline: parsed.pipeline, pipelineText, seeds: seedListOf([]), lines, ok: false };
  }
  const seedText = await readText(seedsPath, 'seed');
  const seeds = checkSeedFile(seedText, seedsPath, parsed.pipeline, registry, { maxUnits: options.maxUnitsPerJob });
  show(seedsPath, seeds.problems);
  return { pipeline: parsed.pipeline, pipelineText, seedsText: seedText, seeds: seeds.seeds, lines, ok: !hasErrors(seeds.problems) };
}

export class InputFileError extends Error {}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputFileError(
      code === 'ENOENT' ? `Cannot read the ${what} file ${path}: it does not exist.` : `Cannot read the ${what} file ${path}: ${(e as Error).message}`,
    );
  }
}
