import { readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { BlockRegistry } from '../core/blocks/blockTypes';
import { parsePipeline } from '../core/pipeline/parsePipeline';
import type { PipelineFile } from '../core/pipeline/pipelineTypes';
import { formatProblem, hasErrors, type Problem, type RelatedLocation } from '../core/problems';
import { checkSeedFile } from '../core/seeds/checkSeedFile';
import { documentMultiplier } from '../core/seeds/documentSeeds';
import { seedsReadFromFile } from '../core/seeds/fileSeedList';
import { seedListOf } from '../core/seeds/seedList';
import { seedsHash } from '../core/seeds/seedsHash';
import type { SeedList, SeedSource } from '../core/seeds/seedTypes';
import type { RenderLimits } from '../core/templates/renderLimits';
import type { CliIo, Engine } from './engineSetup';
import { readSeedSource } from './readSeedSource';

export interface LoadedInputs {
  pipeline?: PipelineFile;
  /** The pipeline's text, read once: the run hashes it instead of reading it again. */
  pipelineText?: string;
  /** With `forRun`: seedsHash of the seed file's text (a seed folder's documents), for the job to record. */
  seedsHash?: string;
  /** Read one at a time from the text, or with `forRun` from a snapshot of the file (release them after the run). */
  seeds: SeedList;
  /** `file:line:col: severity: message` lines, errors and warnings of both files. */
  lines: string[];
  ok: boolean;
}

/**
 * Reads and checks a pipeline and a seed file or folder; every problem comes back as a clickable line (a folder's
 * problems at the Markdown file they are about). `maxUnitsPerJob` (the
 * setting) bounds the seeds' repetitions; `templates` (the render budgets) is what templates are checked against.
 * `forRun`: the seeds' hash is taken, and valid seeds of a JSON file are read during the run from a snapshot of the
 * file (seedsReadFromFile), so the text is not kept and the file may be edited meanwhile.
 */
export async function loadInputs(
  pipelinePath: string,
  seedsPath: string,
  registry: BlockRegistry,
  options: { maxUnitsPerJob?: number; templates?: Partial<RenderLimits>; forRun?: boolean } = {},
): Promise<LoadedInputs> {
  const lines: string[] = [];
  const shownPath = (file: string) => relative(process.cwd(), file) || file;
  const show = (file: string, problems: readonly Problem[], relatedFile?: (r: RelatedLocation) => string) => {
    for (const p of problems) lines.push(formatProblem(shownPath(file), p, relatedFile && ((r) => shownPath(relatedFile(r)))));
  };
  const pipelineText = await readText(pipelinePath, 'pipeline');
  const parsed = parsePipeline(pipelineText, registry, { renderLimits: options.templates });
  show(pipelinePath, parsed.problems);
  if (!parsed.pipeline || hasErrors(parsed.problems)) {
    return { pipeline: parsed.pipeline, pipelineText, seeds: seedListOf([]), lines, ok: false };
  }
  // A folder only makes sense for a pipeline that splits documents; for any other it is a wrong path, not a list of
  // seed problems: one line, like a missing file.
  if (!documentMultiplier(parsed.pipeline, registry) && (await isFolder(seedsPath))) {
    throw new InputFileError(
      `Cannot use the seed folder ${seedsPath}: pipeline "${parsed.pipeline.name}" needs a JSON seed file (an array of {"repetitions": 1, "metadata": {…}}). ` +
        'Folders of Markdown documents are only for pipelines that start with a multiplier block such as the Markdown Chunker.',
    );
  }
  const source = await readSeeds(seedsPath);
  const seeds = checkSeedFile(source, seedsPath, parsed.pipeline, registry, { maxUnits: options.maxUnitsPerJob });
  if (typeof source === 'string') show(seedsPath, seeds.problems);
  else for (const p of seeds.problems) show(folderProblemFile(seedsPath, source, p), [p], (r) => folderProblemFile(seedsPath, source, r));
  const ok = !hasErrors(seeds.problems);
  if (!options.forRun) return { pipeline: parsed.pipeline, pipelineText, seeds: seeds.seeds, lines, ok };
  const list = ok && typeof source === 'string' ? await seedsReadFromFile(seeds.seeds, source, seedsPath) : seeds.seeds;
  return { pipeline: parsed.pipeline, pipelineText, seedsHash: seedsHash(source), seeds: list, lines, ok };
}

type InputArgs = { pipeline: string; seeds: string };

/** Inputs without errors: the pipeline and its text are there. */
export type ValidInputs = LoadedInputs & { pipeline: PipelineFile; pipelineText: string };
/** Valid inputs read for a run: the seeds' hash is there too. */
export type RunInputs = ValidInputs & { seedsHash: string };

/**
 * The inputs of a command that needs them valid (run, plan, try), read with the engine's blocks and settings: every
 * problem line goes to stderr; with an error, `<refusal>: fix the errors above …` follows and the answer is
 * undefined. `forRun`: see loadInputs.
 */
export async function loadValidInputs(args: InputArgs, engine: Engine, io: CliIo, refusal: string, forRun: true): Promise<RunInputs | undefined>;
export async function loadValidInputs(args: InputArgs, engine: Engine, io: CliIo, refusal: string): Promise<ValidInputs | undefined>;
export async function loadValidInputs(args: InputArgs, engine: Engine, io: CliIo, refusal: string, forRun = false): Promise<ValidInputs | undefined> {
  const inputs = await loadInputs(args.pipeline, args.seeds, engine.registry, { ...engine.settings, forRun });
  for (const line of inputs.lines) io.stderr.write(`${line}\n`);
  if (inputs.ok && inputs.pipeline && inputs.pipelineText !== undefined && (!forRun || inputs.seedsHash !== undefined)) return inputs as ValidInputs;
  io.stderr.write(`${refusal}: fix the errors above (datagenflow verify shows them too).\n`);
  return undefined;
}

export class InputFileError extends Error {}

/** A seed folder's problem is about the document its path starts with (see parseFolderSeeds), else the folder. */
function folderProblemFile(folder: string, source: Exclude<SeedSource, string>, p: Pick<Problem, 'path'>): string {
  const index = p.path[0];
  const document = typeof index === 'number' ? source.documents[index] : undefined;
  return document ? join(folder, document.path) : folder;
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false; // readSeeds says what is wrong with the path
  }
}

async function readSeeds(path: string): Promise<SeedSource> {
  try {
    return await readSeedSource(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputFileError(
      code === 'ENOENT' ? `Cannot read the seed file ${path}: it does not exist.` : `Cannot read the seed file ${path}: ${(e as Error).message}`,
    );
  }
}

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
